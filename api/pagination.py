"""Long lists are read page by page with an opaque cursor: a page never shifts when rows
are added meanwhile, and reading page 500 costs what page 1 does."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination

# DRF's stubs type these as str; a lazy translation is what DRF itself uses.
_CURSOR: Any = _("Where the page starts: the “next” or “previous” address of the page "
                 "before, as given.")
_PAGE_SIZE: Any = _("How many records a page holds (at most 500).")
_INVALID: Any = _("The cursor is not valid; start again from the first page.")


class Cursor(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    # The primary key: unique and never changing, so a cursor stays valid across writes.
    ordering = "pk"
    cursor_query_description = _CURSOR
    page_size_query_description = _PAGE_SIZE
    invalid_cursor_message = _INVALID
