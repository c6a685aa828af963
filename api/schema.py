"""How the OpenAPI description is drawn from the operations."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema


class Schema(AutoSchema):
    def get_description(self) -> str:  # type: ignore[override]
        # The class docstrings are written for developers, in English; what an operation
        # does is told in Vietnamese by its `extend_schema(description=…)`.
        return ""
