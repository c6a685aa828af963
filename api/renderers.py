"""JSON out, readable Vietnamese where possible."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer


class Json(JSONRenderer):
    """Vietnamese letters as themselves (UNICODE_JSON), unless the answer quotes a lone
    surrogate sent by the caller (`"\\ud800"` in a refused value), which UTF-8 cannot hold:
    then everything beyond ASCII is escaped, still valid JSON, instead of a server error."""

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> Any:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            ascii_only = type("AsciiJson", (JSONRenderer,), {"ensure_ascii": True})()
            return ascii_only.render(data, accepted_media_type, renderer_context)
