"""The one import toolkit: every CSV or XLSX an official uploads is read here.

Parsing knows nothing about the database: it turns an upload into header-mapped rows
numbered as the user sees them in Excel, and reports every problem it finds instead of
stopping at the first (`ImportErrors` carries them all), so an official can fix the whole
file in one pass. Each app declares its own columns and row rules on top
(`units.groups_io`, `facilities.headquarters_io`, `reports.plan_io`, ...).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_SCANNED_ROWS = 100_000
# Row-number columns are common in Vietnamese spreadsheets and carry no data.
IGNORED_HEADINGS = frozenset({"stt", "no.", "no", "#"})


@dataclass(frozen=True)
class RowError:
    """One problem, located as the user sees it: Excel row number (None = whole file)."""

    row: int | None
    column: str
    message: str
    sheet: str = ""  # in a workbook of several sheets, which one



class ImportErrors(Exception):
    """The file has problems; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the imported file")
        self.errors = errors


def clean_text(value: Any) -> str:
    """A spreadsheet cell as text, the way an official typed it: whole floats without
    ".0", dates dd/mm/yyyy, ticked boxes "có"/"không", NFC."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a ticked box: read as the word an official would type
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    # Files saved on macOS spell Vietnamese letters decomposed; compare and store them composed.
    return unicodedata.normalize("NFC", str(value)).strip()


def heading_key(heading: Any) -> str:
    """How a heading is compared: composed, case-folded, single-spaced."""
    return " ".join(clean_text(heading).casefold().split())


def find_columns(
    header_row: int | None, headings: list[str], *, columns: Mapping[str, Iterable[str]],
    required: Iterable[str], ignored: frozenset[str], unknown: str,
    label: Callable[[str], str] = str, where: str = "",
) -> tuple[dict[str, int], list[RowError]]:
    """Where each known column is in a header row, and every unknown, repeated or missing
    column as a RowError (all of them, so the user fixes the file once).

    `columns` maps a column to the headings it accepts (compared through heading_key);
    `label` names a missing column for the user; `where` prefixes the column in errors
    (the sheet of a multi-sheet file).
    """
    accepted = {column: {heading_key(name) for name in names}
                for column, names in columns.items()}
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        key = heading_key(heading)
        if not key or key in ignored:
            continue
        column = next((c for c, names in accepted.items() if key in names), None)
        if column is None:
            errors.append(RowError(header_row, f"{where}{heading}", unknown))
        elif column in positions:
            errors.append(RowError(header_row, f"{where}{heading}",
                                   _("This column appears twice.")))
        else:
            positions[column] = index
    for column in required:
        if column not in positions:
            errors.append(RowError(header_row, f"{where}{label(column)}",
                                   _("This column is missing.")))
    return positions, errors


HEADER_SEARCH_ROWS = 10


def split_header(
    rows: list[tuple[int, list[str]]], columns: Mapping[str, Iterable[str]] | None = None,
    *, known: Callable[[str], bool] | None = None,
) -> tuple[tuple[int, list[str]], list[tuple[int, list[str]]]]:
    """The header row and the rows under it.

    Exports open with a title block (`core.spreadsheets.Caption`), and officials add their
    own title lines above a template's table, so the header is not always the first row: it
    is the row, among the first few, that names the most known columns (the first such row
    on a tie). With no known heading anywhere the first row is the header, where its
    unknown columns are then reported. A heading is known when `columns` accepts it (see
    find_columns), or when `known` says so for a layout with its own rule.
    """
    if known is None:
        accepted = {heading_key(name) for names in (columns or {}).values() for name in names}

        def known(cell: str) -> bool:
            return heading_key(cell) in accepted

    best, best_score = 0, 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in cells if known(cell))
        if score > best_score:
            best, best_score = index, score
    return rows[best], rows[best + 1:]


def column_positions(header_row: int | None, headings: list[str], **options: Any
                     ) -> dict[str, int]:
    """find_columns, raising ImportErrors when the header row has any problem."""
    positions, errors = find_columns(header_row, headings, **options)
    if errors:
        raise ImportErrors(errors)
    return positions


def cell_text(cells: list[str], positions: dict[str, int], column: str) -> str:
    """The row's text in `column`, or "" when the column or the cell is absent."""
    index = positions.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _read_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportErrors([RowError(None, "", _(
            "The CSV file is not UTF-8 encoded. In Excel choose “Save as” and the type "
            "“CSV UTF-8 (Comma delimited)”, or upload the file as .xlsx."
        ))]) from None
    first_line = text.split("\n", 1)[0]
    # Excel writes ';' instead of ',' when the Windows list separator is ';' (Vietnamese locale).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:  # an unclosed quote or a field of megabytes: not a table at all
        raise ImportErrors([RowError(None, "", _(
            "The CSV file could not be read as a table of rows and columns."
        ))]) from None


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportErrors([RowError(None, "", _(
            "The file could not be read as an Excel workbook (.xlsx)."
        ))]) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        filled = 0
        # From row 1: missing rows come back empty, so list positions are Excel row numbers.
        for values in sheet.iter_rows(min_row=1, values_only=True):
            rows.append(list(values))
            filled += any(v is not None and v != "" for v in values)
            # Enough to know the sheet is too long; a small file can still unpack to
            # millions of cells, so never read it to the end.
            if filled > MAX_ROWS + 1 or len(rows) > MAX_SCANNED_ROWS:
                break
        return rows
    finally:
        workbook.close()


def read_rows(uploaded_file: Any) -> list[tuple[int, list[str]]]:
    """(Excel row number, cell texts) for every non-blank row of a CSV or XLSX upload; at
    least one row (a file without any is refused as empty)."""
    name = (getattr(uploaded_file, "name", "") or "").lower()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImportErrors([RowError(None, "", _(
            "The file is larger than %(mb)d MB." ) % {"mb": MAX_BYTES // (1024 * 1024)})])
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportErrors([RowError(None, "", _(
            "The file is larger than %(mb)d MB." ) % {"mb": MAX_BYTES // (1024 * 1024)})])
    if not data.strip():
        raise ImportErrors([RowError(None, "", _("The file is empty."))])
    if name.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        raw = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        raw = _read_csv(data)
    else:
        raise ImportErrors([RowError(None, "", _(
            "The file must be a CSV (.csv) or Excel (.xlsx) file."
        ))])
    rows = []
    for number, cells in enumerate(raw, start=1):
        texts = [clean_text(c) for c in cells]
        if any(texts):
            rows.append((number, texts))
    if not rows:
        raise ImportErrors([RowError(None, "", _("The file is empty."))])
    return rows


def is_ascii_number(text: str) -> bool:
    """Digits 0–9 only, at least one: str.isdecimal() alone also takes other scripts'
    digits ("١٢"), which int() then reads as a number nobody typed on a Vietnamese
    keyboard."""
    return text.isascii() and text.isdecimal()


def has_other_digits(text: str) -> bool:
    """Does `text` hold a digit other than 0–9 ("١٢", "۱۲", "१२")? int(), Decimal() and
    Django's number and date fields would read it as a number nobody typed here."""
    return any(ch.isdigit() and not ch.isascii() for ch in text)


def decimal_from_text(text: str) -> Decimal:
    """The number in `text` (already stripped of grouping, with "." as the decimal point),
    or ValueError: digits 0–9 only (Decimal() alone reads "١٢" as 12), finite (not "NaN",
    "Infinity" or "1e400")."""
    if has_other_digits(text):
        raise ValueError(text)
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in value)
