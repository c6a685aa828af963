"""Entering indicator values: the default definitions, the monthly form of one ward, and
spreadsheet imports. Every batch is validated as a whole first and saved in one
transaction through indicators.services, so it is saved entirely or not at all."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, can, require
from core.imports import (
    MAX_ROWS,
    ImportErrors,
    RowError,
    cell_text,
    clean_text,
    column_positions,
    read_rows,
    split_header,
)
from core.spreadsheets import Caption, Sheet, workbook_bytes
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import (
    _check_bounds,
    _check_month,
    indicator_value_clear,
    indicator_value_set,
    month_start,
    parse_indicator_value,
)
from units.models import OrgUnit

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "default_indicators.toml"


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# --- Default definitions ----------------------------------------------------------------

@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def indicator_definitions_load(*, path: Path = DEFAULT_FILE) -> LoadResult:
    """Create or update the definitions of a TOML file, matched by code (idempotent)."""
    with path.open("rb") as handle:
        entries: list[dict[str, Any]] = tomllib.load(handle).get("indicator", [])
    codes = {e["code"] for e in entries}
    for entry in entries:
        for key in ("numerator", "denominator", "not_above"):
            ref = entry.get(key)
            if ref and ref not in codes and not IndicatorDefinition.objects.filter(
                    code=ref).exists():
                raise ValueError(f"{entry['code']}: {key} {ref!r} is not a known indicator")
    created = updated = unchanged = 0
    with transaction.atomic():
        by_code: dict[str, IndicatorDefinition] = {}
        wanted: dict[str, dict[str, Any]] = {}
        new_codes: set[str] = set()
        # First the rows themselves, so that every reference below has a row to point at.
        for order, entry in enumerate(entries, start=1):
            code = entry["code"]
            wanted[code] = {
                "name": entry["name"],
                "unit": entry.get("unit", ""),
                "aggregation": entry.get("aggregation", IndicatorDefinition.Aggregation.SUM),
                "higher_is_better": entry.get("higher_is_better", False),
                "period_type": entry.get("period_type", IndicatorDefinition.PeriodType.MONTH),
                "whole_number": entry.get("whole_number", True),
                "filled_by": entry.get("filled_by", ""),
                "order": order * 10,
                "is_active": entry.get("is_active", True),
            }
            definition = IndicatorDefinition.objects.filter(code=code).first()
            if definition is None:
                # A ratio needs its parts (a database constraint): made one in the second pass.
                definition = IndicatorDefinition.objects.create(
                    code=code, name=entry["name"], aggregation=IndicatorDefinition.Aggregation.SUM)
                new_codes.add(code)
            by_code[code] = definition
        for entry in entries:
            code = entry["code"]
            definition = by_code[code]
            fields = wanted[code]
            for key in ("numerator", "denominator", "not_above"):
                ref = entry.get(key)
                fields[f"{key}_id"] = (
                    (by_code[ref].pk if ref in by_code
                     else IndicatorDefinition.objects.get(code=ref).pk) if ref else None
                )
            changed = [k for k, v in fields.items() if getattr(definition, k) != v]
            if changed:
                for key, value in fields.items():
                    setattr(definition, key, value)
                definition.save()
            if code in new_codes:
                created += 1
            elif changed:
                updated += 1
            else:
                unchanged += 1
    return LoadResult(created=created, updated=updated, unchanged=unchanged)


# --- Monthly entry of one ward ------------------------------------------------------------

class EntryErrors(Exception):
    """Some cells of a monthly form are wrong; nothing was saved. Messages by indicator code."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} cell(s) are wrong")
        self.errors = errors


def _validate_batch(*, ward: OrgUnit, month: date,
                    cells: dict[IndicatorDefinition, Decimal]) -> dict[IndicatorDefinition, str]:
    """Bounds of every parsed cell, checked against the batch and the stored values."""
    pending = {indicator.pk: value for indicator, value in cells.items()}
    errors: dict[IndicatorDefinition, str] = {}
    for indicator, value in cells.items():
        try:
            _check_bounds(indicator, ward, month, value, pending)
        except ValidationError as exc:
            errors[indicator] = _message(exc)
    return errors


def monthly_entry_save(*, actor: User, ward: OrgUnit, month: date,
                       indicators: list[IndicatorDefinition], raw: dict[str, str]) -> int:
    """Save a ward's figures for a month; returns how many cells changed.

    `raw` holds the typed text by indicator code. A blank cell leaves no figure (and clears
    one that was stored). Raises EntryErrors, saving nothing, when any cell is wrong.
    """
    require(actor, Action.INDICATOR_EDIT, ward)
    month = month_start(month)
    _check_month(month)
    stored = {v.indicator_id: v for v in IndicatorValue.objects.filter(ward=ward, month=month)
              .select_related("indicator", "ward")}
    errors: dict[str, str] = {}
    parsed: dict[IndicatorDefinition, Decimal] = {}
    to_clear: list[IndicatorValue] = []
    for indicator in indicators:
        if indicator.is_computed:
            if (raw.get(indicator.code) or "").strip():
                errors[indicator.code] = _(
                    "%(name)s is computed from other indicators; it is not typed."
                ) % {"name": indicator.name}
            continue
        text = (raw.get(indicator.code) or "").strip()
        if text == "":
            if indicator.pk in stored:
                to_clear.append(stored[indicator.pk])
            continue
        try:
            parsed[indicator] = parse_indicator_value(indicator, text)
        except ValidationError as exc:
            errors[indicator.code] = _message(exc)
    for indicator, message in _validate_batch(ward=ward, month=month, cells=parsed).items():
        errors.setdefault(indicator.code, message)
    if errors:
        raise EntryErrors(errors)
    pending = {indicator.pk: value for indicator, value in parsed.items()}
    changed = 0
    try:
        with transaction.atomic():
            for value in to_clear:
                indicator_value_clear(actor=actor, value=value)
                changed += 1
            for indicator, number in parsed.items():
                old = stored.get(indicator.pk)
                if old is not None and old.value == number:
                    continue
                indicator_value_set(actor=actor, ward=ward, indicator=indicator, month=month,
                                    raw=number, pending=pending)
                changed += 1
    except ValidationError as exc:  # changed meanwhile by someone else: nothing is kept
        raise EntryErrors({"": _message(exc)}) from None
    return changed


# --- Spreadsheet import --------------------------------------------------------------------

IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "ward": ("ward", "ward code", "mã phường", "mã đơn vị", "mã xã", "mã phường, xã"),
    "month": ("month", "tháng"),
    "indicator": ("indicator", "indicator code", "mã chỉ tiêu", "chỉ tiêu"),
    "value": ("value", "giá trị", "số liệu"),
}
IMPORT_HEADINGS = ("Mã phường", "Tháng", "Mã chỉ tiêu", "Giá trị")
IGNORED_HEADINGS = frozenset({"stt", "no.", "no", "#", "tên chỉ tiêu", "tên phường",
                              "indicator name", "ward name"})
_MONTH = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


def parse_month(text: str) -> date | None:
    """mm/yyyy (or dd/mm/yyyy, as Excel turns months into dates, or yyyy-mm) as a month."""
    text = text.strip()
    match = _MONTH.match(text)
    if match:
        month, year = int(match.group(2)), int(match.group(3))
    else:
        iso = _ISO_MONTH.match(text)
        if not iso:
            return None
        year, month = int(iso.group(1)), int(iso.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return date(year, month, 1)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    changed: int


@dataclass(frozen=True)
class _Row:
    row: int
    ward: OrgUnit
    month: date
    indicator: IndicatorDefinition
    value: Decimal


def _column_positions(header_row: int, headings: list[str]) -> dict[str, int]:
    return column_positions(
        header_row, headings, columns=IMPORT_COLUMNS, required=tuple(IMPORT_COLUMNS),
        ignored=IGNORED_HEADINGS,
        unknown=_("Unknown column. The columns are: ward code (Mã phường), month (Tháng), "
                  "indicator code (Mã chỉ tiêu), value (Giá trị)."),
    )


def _parse_import(actor: User, uploaded_file: Any) -> list[_Row]:
    (header_row, headings), data_rows = split_header(read_rows(uploaded_file), IMPORT_COLUMNS)
    positions = _column_positions(header_row, headings)
    if not data_rows:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no figures."))])
    if len(data_rows) > MAX_ROWS:
        raise ImportErrors([RowError(None, "", _(
            "The file has %(count)d rows; at most %(max)d figures can be imported at once."
        ) % {"count": len(data_rows), "max": MAX_ROWS})])
    return _parse_rows(actor, [(number, {column: cell_text(cells, positions, column)
                                         for column in IMPORT_COLUMNS})
                               for number, cells in data_rows])


def _parse_rows(actor: User, data_rows: list[tuple[int, dict[str, str]]]) -> list[_Row]:
    """Every rule of a figure, checked on rows already read: (row number as the user
    counts it, cell text by column of IMPORT_COLUMNS). Raises ImportErrors naming every
    wrong row and column, or returns the rows to save."""
    wards = {u.code: u for u in OrgUnit.objects.filter(
        kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)}
    indicators = {i.code: i for i in IndicatorDefinition.objects.filter(is_active=True)
                  .select_related("not_above")}
    this_month = month_start(timezone.localdate())
    allowed: dict[int, bool] = {}
    errors: list[RowError] = []
    parsed: list[_Row] = []
    first_seen: dict[tuple[int, date, int], int] = {}

    def cell(cells: dict[str, str], column: str) -> str:
        return cells.get(column, "")

    for number, cells in data_rows:
        row_errors: list[RowError] = []
        ward_code = cell(cells, "ward")
        ward = wards.get(ward_code)
        if not ward_code:
            row_errors.append(RowError(number, "ward", _("The ward code is missing.")))
        elif ward is None:
            row_errors.append(RowError(number, "ward", _(
                "No current ward or commune has the code %(code)s.") % {"code": ward_code[:20]}))
        else:
            if ward.pk not in allowed:
                allowed[ward.pk] = can(actor, Action.INDICATOR_EDIT, ward)
            if not allowed[ward.pk]:
                row_errors.append(RowError(number, "ward", _(
                    "You may not enter figures for %(name)s (%(code)s).")
                    % {"name": ward.name, "code": ward.code}))
                ward = None
        month_text = cell(cells, "month")
        month = parse_month(month_text)
        if month is None:
            row_errors.append(RowError(number, "month", _(
                "“%(value)s” is not a month; write it as mm/yyyy, for example 03/2026.")
                % {"value": month_text[:20]}))
        elif month > this_month:
            row_errors.append(RowError(number, "month", _(
                "%(month)s has not happened yet; figures are entered after the month.")
                % {"month": f"{month:%m/%Y}"}))
            month = None
        indicator_code = cell(cells, "indicator")
        indicator = indicators.get(indicator_code)
        if not indicator_code:
            row_errors.append(RowError(number, "indicator", _("The indicator code is missing.")))
        elif indicator is None:
            row_errors.append(RowError(number, "indicator", _(
                "No indicator has the code %(code)s.") % {"code": indicator_code[:40]}))
        elif indicator.typing_refusal():
            row_errors.append(RowError(number, "indicator", indicator.typing_refusal() or ""))
            indicator = None
        value: Decimal | None = None
        if indicator is not None:
            try:
                value = parse_indicator_value(indicator, cell(cells, "value"))
            except ValidationError as exc:
                row_errors.append(RowError(number, "value", _message(exc)))
        if not row_errors and ward and month and indicator and value is not None:
            key = (ward.pk, month, indicator.pk)
            if key in first_seen:
                row_errors.append(RowError(number, "indicator", _(
                    "This ward, month and indicator are already on row %(row)d.")
                    % {"row": first_seen[key]}))
            else:
                first_seen[key] = number
                parsed.append(_Row(number, ward, month, indicator, value))
        errors.extend(row_errors)

    # "Never above" rules, within the file and against stored figures, per ward and month.
    groups: dict[tuple[int, date], list[_Row]] = defaultdict(list)
    for item in parsed:
        groups[(item.ward.pk, item.month)].append(item)
    for items in groups.values():
        cells_by_indicator = {item.indicator: item.value for item in items}
        bad = _validate_batch(ward=items[0].ward, month=items[0].month, cells=cells_by_indicator)
        for item in items:
            if item.indicator in bad:
                errors.append(RowError(item.row, "value", bad[item.indicator]))
    if errors:
        errors.sort(key=lambda e: (e.row or 0, list(IMPORT_COLUMNS).index(e.column)
                                   if e.column in IMPORT_COLUMNS else 9))
        raise ImportErrors(errors)
    return parsed


def indicator_values_import(*, actor: User, uploaded_file: Any) -> ImportResult:
    """Import figures from a CSV/XLSX file: all rows, or (ImportErrors) none of them."""
    require(actor, Action.INDICATOR_EDIT)
    return _save_rows(actor, _parse_import(actor, uploaded_file))


def too_many_rows(count: int) -> str:
    """The refusal of a batch of more rows than MAX_ROWS (also said before a caller spends
    time checking each row of it)."""
    return _("%(count)d rows were sent; at most %(max)d figures can be recorded at once.") % {
        "count": count, "max": MAX_ROWS}


def indicator_values_record(*, actor: User, rows: list[dict[str, str]]) -> ImportResult:
    """Record figures sent as rows of text by column of IMPORT_COLUMNS (ward code, month,
    indicator code, value), another system's batch: the import's rules and messages, rows
    numbered from 1 in the order given; all rows, or (ImportErrors) none of them."""
    require(actor, Action.INDICATOR_EDIT)
    if not rows:
        raise ImportErrors([RowError(None, "", _("No rows were sent; there is nothing to "
                                                 "record."))])
    if len(rows) > MAX_ROWS:
        raise ImportErrors([RowError(None, "", too_many_rows(len(rows)))])
    # The cells as the file import reads them: composed Unicode, no surrounding spaces.
    return _save_rows(actor, _parse_rows(actor, [
        (number, {column: clean_text(row.get(column)) for column in IMPORT_COLUMNS})
        for number, row in enumerate(rows, start=1)]))


def _save_rows(actor: User, rows: list[_Row]) -> ImportResult:
    """Save checked rows in one transaction (the totals with them); a change made
    meanwhile that breaks a rule leaves nothing saved (ImportErrors)."""
    pending: dict[tuple[int, date], dict[int, Decimal]] = defaultdict(dict)
    for item in rows:
        pending[(item.ward.pk, item.month)][item.indicator.pk] = item.value
    changed = 0
    try:
        with transaction.atomic():
            for item in rows:
                existing = IndicatorValue.objects.filter(
                    indicator=item.indicator, ward=item.ward, month=item.month).first()
                if existing is not None and existing.value == item.value:
                    continue
                indicator_value_set(actor=actor, ward=item.ward, indicator=item.indicator,
                                    month=item.month, raw=item.value,
                                    pending=pending[(item.ward.pk, item.month)])
                changed += 1
    except ValidationError as exc:  # changed meanwhile by someone else: nothing is kept
        raise ImportErrors([RowError(None, "", _message(exc))]) from None
    return ImportResult(rows=len(rows), changed=changed)


def import_template_csv() -> bytes:
    """A CSV template with the headings and one example row; the BOM makes Excel read UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(IMPORT_HEADINGS)
    writer.writerow(["00070", "03/2026", "crimes-reported", "12"])
    return out.getvalue().encode("utf-8-sig")


def import_template_xlsx(indicators: list[IndicatorDefinition]) -> bytes:
    """An XLSX template: the data sheet, and a second sheet listing the typed indicator codes."""
    # Codes like "00070" and months like "03/2026" must stay text in Excel.
    data = Sheet("Số liệu", IMPORT_HEADINGS, text_columns="ABC", widths=(14, 10, 32, 12),
                  caption=Caption("Mẫu nhập số liệu chỉ tiêu theo tháng",
                                  "Mã chỉ tiêu: xem trang “Chỉ tiêu”; tháng ghi mm/yyyy."))
    codes = Sheet("Chỉ tiêu", ["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính"],
                  [[i.code, i.name, i.unit] for i in indicators if not i.is_computed],
                  widths=(32, 70))
    return workbook_bytes(data, codes)


# --- Exports of stored values ----------------------------------------------------------------

# The import's headings, with the names beside the codes (the import skips the names), so an
# exported file can be corrected and imported back.
VALUE_HEADINGS = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Mã phường", "Tên phường", "Tháng", "Giá trị")


def _value_row(value: Any) -> list[Any]:
    return [value.indicator.code, value.indicator.name, value.ward.code, value.ward.name,
            value.month, value.value.normalize()]


def values_csv_rows(values: Any) -> Iterator[list[str]]:
    """Heading and rows of the CSV export (months mm/yyyy, values with a decimal point)."""
    yield list(VALUE_HEADINGS)
    for value in values.iterator(chunk_size=2000):
        row = _value_row(value)
        row[4], row[5] = f"{row[4]:%m/%Y}", format(row[5], "f")
        yield row


def values_xlsx(values: Any, *, caption: Caption) -> bytes:
    """The XLSX export: months as dates shown mm/yyyy, values as numbers."""
    return workbook_bytes(Sheet(
        "Số liệu", VALUE_HEADINGS, (_value_row(v) for v in values.iterator(chunk_size=2000)),
        caption=caption, text_columns="AC", widths=(30, 50, 12, 30, 10, 14),
        column_formats={"E": "mm/yyyy"},
    ))
