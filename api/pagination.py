"""Long lists are read page by page with an opaque cursor: a page never shifts when rows
are added meanwhile, and reading page 500 costs what page 1 does."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

# DRF's stubs type these as str; a lazy translation is what DRF itself uses.
_CURSOR: Any = gettext_lazy("Where the page starts: the “next” or “previous” address of the "
                            "page before, as given.")
_PAGE_SIZE: Any = gettext_lazy("How many records a page holds (at most 500).")
_INVALID: Any = gettext_lazy("The cursor is not valid; start again from the first page.")


class Cursor(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    # The primary key: unique and never changing, so a cursor stays valid across writes.
    ordering = "pk"
    cursor_query_description = _CURSOR
    page_size_query_description = _PAGE_SIZE
    invalid_cursor_message = _INVALID

    def get_page_size(self, request: Request) -> int:
        # DRF quietly falls back to the default on a wrong size; a program that asked for
        # 1,000 rows and got 100 would not know why, so a wrong size is refused.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [_(
                "The page size is a whole number from 1 to %(max)d.") % {
                    "max": self.max_page_size}]})
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1,
                                       "maximum": self.max_page_size}
            elif parameter["name"] == self.cursor_query_param:
                parameter["schema"] = {"type": "string", "minLength": 1}
        return parameters
