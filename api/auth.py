"""Who calls the API: a key issued to a user (accounts.token_services), never a session.

A key acts as its user, with that user's roles and scopes: every operation asks the same
permission layer as the pages do. A read-only key is refused every write before the
operation runs. Each key has its own request budget (`API_RATE`), counted in the shared
cache, so one busy system cannot starve another.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken, User
from accounts.token_services import api_token_authenticate
from audit.middleware import client_ip


class KeyAuthentication(BaseAuthentication):
    """`Authorization: Bearer km_…`."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as “Authorization: Bearer <key>”, with nothing else."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The key is not valid.")) from None
        token = api_token_authenticate(key, ip=client_ip(request._request))
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The key is not valid, has expired or was revoked; ask an administrator "
                  "for a new one."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class KeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.KeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer",
                "description": "Khóa API do quản trị viên cấp, dạng km_…"}


class KeyHolder(BasePermission):
    """A key is needed; a read-only key only reads. What the user may do on which object
    is the permission layer's answer, asked inside each operation."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated(
                _("This operation needs an API key: “Authorization: Bearer <key>”."))
        if request.method not in SAFE_METHODS and request.auth.read_only:
            self.message = _("This key may only read; ask an administrator for a key that "
                             "may write.")
            return False
        return True


class KeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self) -> str:
        return str(settings.API_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return f"api-rate:{request.auth.pk}"
