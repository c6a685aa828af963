"""The one spreadsheet writer: every XLSX the system hands out is saved here.

`workbook_bytes(Sheet(...), ...)` writes plain sheets: the title block every export opens
with (`Caption`: what the file holds, for whom, when and by whom it was exported), an
optional block of lines above the table (its due date, say), one bold header row kept in
view while scrolling and filterable, the rows (dates typed as dates shown dd/mm/yyyy), the columns
kept as text (codes such as "00070", which Excel would otherwise turn into numbers) and
the column widths (fitted to the longest text unless given). Workbooks that
need more (validation lists, colours) are built with openpyxl and saved with
`save_workbook`, so that every file gets the same last step:

- **no formula from user text**: openpyxl stores any text starting with "=" as a formula;
  here it is stored as text, whoever typed it (a ward's notes must not become a live
  `=HYPERLINK(...)` in the city's export). Text starting with "+", "-" or "@" is already
  stored as a text cell, which spreadsheet programs do not evaluate.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31  # Excel's limit
DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Caption:
    """The title block above an export's table, so that a printed or forwarded file still
    says what it is: `what` it holds ("Trụ sở Công an các phường"), `scope` (for whom or
    which period: "Thành phố Hà Nội, năm 2026"), and for files cut from live data who
    exported it (`by`) and when (`at`, local time). A blank template has no `at`.

    Importers find the header row below it (`core.imports.split_header`), so a filled-in
    export or template imports as it is.
    """

    what: str
    scope: str = ""
    by: str = ""
    at: datetime | None = None

    def lines(self) -> list[list[str]]:
        lines = [[self.what]]
        if self.scope:
            lines.append([self.scope])
        if self.at is not None:
            local = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
            stamp = _("Exported at %(time)s on %(date)s") % {
                "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}
            if self.by:
                stamp += _(" by %(person)s") % {"person": self.by}
            lines.append([stamp + "."])
        lines.append([])
        return lines


@dataclass
class Sheet:
    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]] = ()
    caption: Caption | None = None
    # Lines above the header row, e.g. [["Báo cáo 6 tháng 2026"], ["Hạn nộp", "15/06/2026"]].
    preamble: Sequence[Sequence[Any]] = ()
    text_columns: Sequence[str] = ()  # column letters whose every cell stays text
    # Number formats of data columns other than the dd/mm/yyyy of dates, e.g. {"E": "mm/yyyy"}.
    column_formats: dict[str, str] = field(default_factory=dict)
    widths: Sequence[int] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _write(sheet: Any, spec: Sheet) -> None:
    sheet.title = spec.title[:SHEET_TITLE_MAX]
    if spec.caption is not None:
        write_caption(sheet, spec.caption)
    for line in spec.preamble:
        sheet.append(list(line))
    sheet.append(list(spec.headings))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        # A heading longer than its column wraps instead of running under the next one.
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in spec.rows:
        sheet.append(list(row))
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, datetime | date):
                cell.number_format = DATE_FORMAT
    # The header stays in view while scrolling, and every column can be filtered.
    sheet.freeze_panes = f"A{header_row + 1}"
    if spec.headings:
        last = get_column_letter(len(spec.headings))
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    # Printed, every column fits the page's width and the heading repeats on each page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(spec.headings) > 5 else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{header_row}:{header_row}"
    widths = list(spec.widths) or _fitting_widths(sheet, header_row, len(spec.headings))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for letter, number_format in spec.column_formats.items():
        for cell in sheet[letter][header_row:]:
            cell.number_format = number_format
    for letter in spec.text_columns:
        sheet.column_dimensions[letter].number_format = "@"
        for cell in sheet[letter]:
            cell.number_format = "@"


def write_caption(sheet: Any, caption: Caption) -> None:
    """The caption's lines at the top of an empty sheet (for workbooks built by hand)."""
    for line in caption.lines():
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)


def _fitting_widths(sheet: Any, header_row: int, columns: int) -> list[int]:
    """Widths that show each column's longest text, within reason (8 to 60 characters)."""
    widths = [8] * columns
    for row in sheet.iter_rows(min_row=header_row, max_col=columns, values_only=True):
        for index, value in enumerate(row):
            if value is not None:
                widths[index] = max(widths[index], min(len(str(value)) + 2, 60))
    return widths


def workbook_bytes(*sheets: Sheet) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new workbook always has one sheet
    for n, spec in enumerate(sheets):
        _write(first if n == 0 else workbook.create_sheet(), spec)
    return save_workbook(workbook)


def neutralise_formulas(workbook: Workbook) -> None:
    """Store every text that openpyxl would take for a formula as plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def save_workbook(workbook: Workbook) -> bytes:
    neutralise_formulas(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
