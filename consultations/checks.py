"""System checks of the residents' consultation's production set-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def rate_limit_cache_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The per-address limit on public answers is counted in the cache; with each server
    process's own memory, N processes let N times the limit through."""
    backend = str(settings.CACHES["default"].get("BACKEND", ""))
    if backend.endswith("LocMemCache"):
        return [CheckWarning(
            "The public answer page's per-address limit is counted per server process.",
            hint="Set CACHE_URL (e.g. redis://127.0.0.1:6379/1) so that every process and "
                 "machine counts in one place.",
            id="kieumau.W001",
        )]
    return []
