"""Equipment spreadsheets: the catalogue, ward inventories and the city overview.

Parsing reuses the residential-group reader (CSV or XLSX, Excel row numbers, every problem
listed) and knows nothing about permissions; the services check codes against the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.imports import (
    IGNORED_HEADINGS,
    ImportErrors,
    RowError,
    cell_text,
    column_positions,
    is_ascii_number,
    read_rows,
    split_header,
)

__all__ = ["ImportErrors", "RowError"]

MAX_COUNT = 100_000  # no ward police unit holds more of one item; larger is a typo
MAX_NORM = 10_000
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

CATALOGUE_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "mã", "mã thiết bị"),
    "name": ("name", "tên", "tên thiết bị"),
    "category": ("category", "nhóm", "loại"),
    "unit": ("unit of measure", "unit", "đơn vị tính", "đvt"),
    "norm": ("norm", "định mức"),
}
CATALOGUE_HEADINGS = ("Mã", "Tên", "Nhóm", "Đơn vị tính", "Định mức")

INVENTORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "ward": ("ward code", "mã phường", "mã đơn vị"),
    "item": ("item code", "mã thiết bị"),
    "usable": ("usable", "sử dụng được", "còn sử dụng được"),
    "unusable": ("unusable", "broken or worn out", "hỏng", "hỏng, hết niên hạn"),
    "notes": ("notes", "ghi chú"),
}
# Names help people read an exported file; the import matches by code only.
INVENTORY_INFO_HEADINGS = frozenset({"ward", "ward name", "tên phường", "tên đơn vị",
                                     "item", "item name", "tên thiết bị"})
INVENTORY_HEADINGS = ("Mã phường", "Tên phường", "Mã thiết bị", "Tên thiết bị",
                      "Sử dụng được", "Hỏng, hết niên hạn", "Ghi chú")


@dataclass(frozen=True)
class CatalogueRow:
    row: int
    code: str
    name: str
    category: str
    unit: str
    norm: int


@dataclass(frozen=True)
class InventoryRow:
    row: int
    ward_code: str
    item_code: str
    usable: int
    unusable: int
    notes: str


def parse_count(value: str, *, maximum: int = MAX_COUNT) -> int:
    """A whole number 0..maximum; blank is 0. Raises ValueError otherwise."""
    digits = value.replace(" ", "")
    if digits == "":
        return 0
    if not is_ascii_number(digits):  # rejects signs, decimals and separators alike
        raise ValueError
    number = int(digits)
    if number > maximum:
        raise ValueError
    return number


def _table(
    uploaded_file: Any, columns: dict[str, tuple[str, ...]], required: Sequence[str],
    ignored: frozenset[str], known: str,
) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    (header_row, headings), data = split_header(read_rows(uploaded_file), columns)
    positions = column_positions(
        header_row, headings, columns=columns, required=required,
        ignored=IGNORED_HEADINGS | ignored,
        unknown=_("Unknown column. The columns are: %(columns)s.") % {"columns": known},
    )
    if not data:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no data."))])
    return positions, data


def _text(errors: list[RowError], row: int, column: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors.append(RowError(row, column, _(
            "Longer than %(max)d characters.") % {"max": limit}))


def parse_catalogue(uploaded_file: Any) -> list[CatalogueRow]:
    """Validated catalogue rows; raises ImportErrors listing every problem."""
    positions, data = _table(
        uploaded_file, CATALOGUE_COLUMNS, ("code", "name", "norm"), frozenset(),
        "code (Mã), name (Tên), category (Nhóm), unit of measure (Đơn vị tính), "
        "norm (Định mức)",
    )
    errors: list[RowError] = []
    parsed: list[CatalogueRow] = []
    seen: dict[str, int] = {}
    for number, cells in data:
        code, name, category, unit, norm_text = (
            cell_text(cells, positions, c) for c in ("code", "name", "category", "unit", "norm"))
        row_errors: list[RowError] = []
        if not code:
            row_errors.append(RowError(number, "code", _("The code is missing.")))
        elif not _SLUG.match(code) or len(code) > 30:
            row_errors.append(RowError(number, "code", _(
                "A code is up to 30 Latin letters, digits, hyphens or underscores.")))
        elif code.casefold() in seen:
            row_errors.append(RowError(number, "code", _(
                "This code is already used on row %(row)d.") % {"row": seen[code.casefold()]}))
        else:
            seen[code.casefold()] = number
        if not name:
            row_errors.append(RowError(number, "name", _("The name is missing.")))
        _text(row_errors, number, "name", name, 300)
        _text(row_errors, number, "category", category, 100)
        _text(row_errors, number, "unit", unit, 30)
        norm = 0
        if not norm_text:
            row_errors.append(RowError(number, "norm", _("The norm is missing.")))
        else:
            try:
                norm = parse_count(norm_text, maximum=MAX_NORM)
            except ValueError:
                row_errors.append(RowError(number, "norm", _(
                    "“%(value)s” is not a whole number from 0 to %(max)d."
                ) % {"value": norm_text[:30], "max": MAX_NORM}))
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(CatalogueRow(number, code.lower(), name, category, unit or "chiếc",
                                       norm))
    if errors:
        raise ImportErrors(errors)
    return parsed


def parse_inventory(uploaded_file: Any) -> tuple[list[InventoryRow], list[RowError]]:
    """Every row (bad counts read as 0) and the problems found without the database.

    The rows come back even when some are wrong so the service can check their codes too and
    list every problem of the file at once. A bad header raises ImportErrors at once.
    """
    positions, data = _table(
        uploaded_file, INVENTORY_COLUMNS, ("ward", "item", "usable"), INVENTORY_INFO_HEADINGS,
        "ward code (Mã phường), item code (Mã thiết bị), usable (Sử dụng được), "
        "unusable (Hỏng, hết niên hạn), notes (Ghi chú)",
    )
    errors: list[RowError] = []
    parsed: list[InventoryRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in data:
        ward, item, usable_text, unusable_text, notes = (
            cell_text(cells, positions, c) for c in ("ward", "item", "usable", "unusable", "notes"))
        if not ward:
            errors.append(RowError(number, "ward", _("The ward code is missing.")))
        if not item:
            errors.append(RowError(number, "item", _("The item code is missing.")))
        item = item.lower()
        if ward and item:
            if (ward, item) in seen:
                errors.append(RowError(number, "item", _(
                    "This ward and item are already on row %(row)d."
                ) % {"row": seen[(ward, item)]}))
            else:
                seen[(ward, item)] = number
        counts: dict[str, int] = {}
        for column, value in (("usable", usable_text), ("unusable", unusable_text)):
            try:
                counts[column] = parse_count(value)
            except ValueError:
                counts[column] = 0
                errors.append(RowError(number, column, _(
                    "“%(value)s” is not a whole number from 0 to %(max)d."
                ) % {"value": value[:30], "max": MAX_COUNT}))
        _text(errors, number, "notes", notes, 300)
        parsed.append(InventoryRow(number, ward, item, counts["usable"], counts["unusable"],
                                   notes))
    return parsed, errors
