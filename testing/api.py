"""API keys and calls for tests."""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.token_services import KEY_START, key_digest


def key_for(user: User, *, read_only: bool = False, name: str = "Hệ thống thử",
            days: int = 30) -> str:
    """A usable key of `user` (issued without an administrator: tests of the issuing
    itself call accounts.token_services.api_token_issue)."""
    prefix = KEY_START + secrets.token_hex(4)
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=key_digest(key),
                            read_only=read_only,
                            expires_at=timezone.now() + datetime.timedelta(days=days))
    return key


def api_call(client: Client, method: str, path: str, key: str | None = None,
             data: Any = None, **extra: Any) -> Any:
    """`method` on `path` with `key` as the bearer; JSON in and out."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = json.dumps(data) if data is not None else None
    return getattr(client, method.lower())(
        path, data=body if method.upper() != "GET" else data,
        content_type="application/json", headers=headers, **extra)
