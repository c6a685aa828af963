"""Residential groups in a spreadsheet (CSV or XLSX): their columns, rules and blank
templates, on top of the project's import toolkit (core.imports)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.imports import (
    IGNORED_HEADINGS,
    MAX_ROWS,
    ImportErrors,
    RowError,
    column_positions,
    has_control_characters,
    is_ascii_number,
    read_rows,
    split_header,
)
from core.spreadsheets import Caption, Sheet, workbook_bytes

CODE_MAX_LENGTH = 20
NAME_MAX_LENGTH = 200
# A residential group has tens to a few thousand households; anything above this is a typo.
MAX_HOUSEHOLDS = 100_000

# Column key → headings accepted for it (compared case-insensitively, NFC-normalised).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "mã", "mã tổ", "mã tổ dân phố"),
    "name": ("name", "tên", "tên tổ", "tên tổ dân phố"),
    "households": ("households", "số hộ", "số hộ gia đình"),
}
REQUIRED_COLUMNS = ("code", "name")
# The headings the downloadable templates use; officials fill these in Vietnamese.
TEMPLATE_HEADINGS = ("Mã", "Tên", "Số hộ")


@dataclass(frozen=True)
class GroupRow:
    row: int
    code: str
    name: str
    households: int | None


def _parse_households(value: str) -> int | None:
    """None for blank; raises ValueError when not a non-negative whole number."""
    if value == "":
        return None
    digits = value.replace(" ", "")
    if not is_ascii_number(digits):  # rejects signs, decimals and thousands separators alike
        raise ValueError
    return int(digits)


def parse_groups(uploaded_file: Any) -> list[GroupRow]:
    """Validated rows of a residential-group file; raises ImportErrors listing every problem."""
    (header_row, headings), data_rows = split_header(read_rows(uploaded_file), COLUMNS)
    positions = column_positions(
        header_row, headings, columns=COLUMNS, required=REQUIRED_COLUMNS,
        ignored=IGNORED_HEADINGS,
        unknown=_("Unknown column. The columns are: code (Mã), name (Tên), households (Số hộ)."),
    )
    errors: list[RowError] = []

    if not data_rows:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no groups."))])
    if len(data_rows) > MAX_ROWS:
        raise ImportErrors([RowError(None, "", _(
            "The file has %(count)d rows; at most %(max)d groups can be imported at once."
        ) % {"count": len(data_rows), "max": MAX_ROWS})])

    def cell(cells: list[str], column: str) -> str:
        index = positions.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    parsed: list[GroupRow] = []
    first_seen: dict[str, int] = {}
    for number, cells in data_rows:
        code, name, households_text = (cell(cells, c) for c in ("code", "name", "households"))
        row_errors: list[RowError] = []
        if not code:
            row_errors.append(RowError(number, "code", _("The code is missing.")))
        elif len(code) > CODE_MAX_LENGTH:
            row_errors.append(RowError(number, "code", _(
                "The code is longer than %(max)d characters.") % {"max": CODE_MAX_LENGTH}))
        elif code in first_seen:
            row_errors.append(RowError(number, "code", _(
                "This code is already used on row %(row)d.") % {"row": first_seen[code]}))
        else:
            first_seen[code] = number
        for column, value in (("code", code), ("name", name)):
            if has_control_characters(value):
                row_errors.append(RowError(number, column, _(
                    "This cell contains invisible control characters; retype it.")))
        if not name:
            row_errors.append(RowError(number, "name", _("The name is missing.")))
        elif len(name) > NAME_MAX_LENGTH:
            row_errors.append(RowError(number, "name", _(
                "The name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH}))
        households: int | None = None
        try:
            households = _parse_households(households_text)
        except ValueError:
            row_errors.append(RowError(number, "households", _(
                "“%(value)s” is not a whole number of households (0 or more)."
            ) % {"value": households_text[:30]}))
        else:
            if households is not None and households > MAX_HOUSEHOLDS:
                row_errors.append(RowError(number, "households", _(
                    "%(value)d households is more than a residential group can have "
                    "(at most %(max)d).") % {"value": households, "max": MAX_HOUSEHOLDS}))
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(GroupRow(number, code, name, households))
    if errors:
        raise ImportErrors(errors)
    return parsed


def template_csv() -> bytes:
    """A blank CSV template; the BOM makes Excel open it as UTF-8."""
    out = io.StringIO(newline="")
    csv.writer(out).writerow(TEMPLATE_HEADINGS)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    # Codes like "001" must stay text, or Excel drops the leading zeros.
    return workbook_bytes(Sheet("Tổ dân phố", TEMPLATE_HEADINGS, text_columns="A",
                                widths=(14, 40, 10),
                                caption=Caption("Mẫu nhập danh sách tổ dân phố, thôn")))
