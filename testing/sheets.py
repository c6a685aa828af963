"""Reading exported workbooks in tests: the table under the title block."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import load_workbook


def header_row(sheet: Any) -> int:
    """The heading row: the one above the first row the sheet keeps scrolling (the writer
    freezes everything from the heading up)."""
    frozen = re.sub(r"\D", "", sheet.freeze_panes or "")
    assert frozen, f"sheet {sheet.title!r} has no frozen heading row"
    return int(frozen) - 1


def table(sheet: Any) -> tuple[list[Any], list[tuple[Any, ...]]]:
    """(headings, data rows) of an exported sheet, without its caption."""
    top = header_row(sheet)
    headings = [cell.value for cell in sheet[top]]
    return headings, list(sheet.iter_rows(min_row=top + 1, values_only=True))


def workbook_table(content: bytes, sheet: str | None = None
                   ) -> tuple[list[Any], list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(content))
    return table(book[sheet] if sheet else book.active)
