"""The headquarters spreadsheet: one row per ward, exported and imported in the same shape.

The import checks the whole file before anything is written and reports every problem
by Excel row and column, like the residential-group import (core/imports.py), whose
reader and error types are reused here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action
from core.imports import (
    IGNORED_HEADINGS,
    ImportErrors,
    RowError,
    cell_text,
    column_positions,
    decimal_from_text,
    heading_key,
    is_ascii_number,
    read_rows,
    split_header,
)
from core.spreadsheets import Sheet, workbook_bytes
from facilities.headquarters_rules import HQ_FIELDS, headquarters_problems
from facilities.models import HeadquartersRecord
from facilities.selectors import facility_wards, headquarters_by_ward
from units.models import OrgUnit

__all__ = ["ImportErrors", "RowError", "export_headquarters", "parse_headquarters"]

Status = HeadquartersRecord.Status
Condition = HeadquartersRecord.Condition

# Column key → the heading written on export; other accepted headings below.
HEADINGS: dict[str, str] = {
    "ward_code": "Mã phường",
    "ward_name": "Tên phường",
    "valid_from": "Tình hình tại ngày",
    "status": "Tình trạng trụ sở",
    "land_area": "Diện tích đất (m²)",
    "floor_area": "Diện tích sàn (m²)",
    "storeys": "Số tầng",
    "condition": "Hiện trạng",
    "year_built": "Năm xây dựng",
    "land_legal_status": "Pháp lý đất",
    "households_inside": "Số hộ dân trong khuôn viên",
    "special_inner_district": "Nội đô cũ",
    "notes": "Ghi chú",
}
REQUIRED_COLUMNS = ("ward_code", "valid_from", "status")
LEGAL_STATUS_MAX_LENGTH = 300
YES = frozenset({"có", "co", "x", "yes", "y", "1", "true"})
NO = frozenset({"không", "khong", "", "no", "n", "0", "false"})
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_decimal(text: str) -> Decimal:
    """A number typed the Vietnamese or the English way: "1.234,5", "1234,5", "1234.5".

    A dot followed by groups of exactly three digits ("1.234") is read as a thousands
    separator: areas and costs have one decimal place, so it cannot be a decimal point.
    Raises ValueError when the text is not a number.
    """
    value = text.replace(" ", "").replace("\u00a0", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _GROUPED.match(value):
        value = value.replace(".", "")
    return decimal_from_text(value)


# Areas are stored with 10 digits and costs with 14, one after the decimal point: a
# number under 10⁹ fits both columns.
NUMBER_LIMIT = Decimal("1e9")


def number_problem(number: Decimal) -> str | None:
    """Why a typed area or cost cannot be stored as it is, or None.

    The size comes first: rounding "1e400" to one decimal place is not even possible.
    """
    if abs(number) >= NUMBER_LIMIT:
        return str(_("This number is too large."))
    if number != number.quantize(Decimal("0.1")):
        return str(_("Use at most one decimal place."))
    return None


def _labels(choices: type[Status] | type[Condition]) -> dict[str, str]:
    """Normalised code, English label or Vietnamese label → code."""
    found = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in choices.choices:
                found[heading_key(str(label))] = value
    for value in choices.values:
        found[heading_key(value)] = value
    return found


@dataclass(frozen=True)
class HeadquartersRow:
    row: int
    ward: OrgUnit
    values: dict[str, Any]


@dataclass
class ParsedFile:
    rows: list[HeadquartersRow] = field(default_factory=list)
    skipped: int = 0  # wards listed with no situation filled in (as exported, unsurveyed)


def _parse_row(cells: dict[str, str], problem: Any) -> dict[str, Any]:
    """The record values of one row; every problem goes to `problem(column, message)`."""
    values: dict[str, Any] = {}
    text = cells["valid_from"]
    values["valid_from"] = None
    if not text:
        problem("valid_from", _("The date is missing."))
    else:
        try:
            values["valid_from"] = datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007
        except ValueError:
            problem("valid_from", _("“%(value)s” is not a date written dd/mm/yyyy.")
                    % {"value": text[:30]})
    status = _labels(Status).get(heading_key(cells["status"]))
    if status is None:
        problem("status", _("Unknown status “%(value)s”. Use one of: %(codes)s.") % {
            "value": cells["status"][:40], "codes": ", ".join(Status.values)})
    values["status"] = status
    for column in ("land_area", "floor_area"):
        values[column] = None
        if cells[column]:
            try:
                values[column] = parse_decimal(cells[column])
            except ValueError:
                problem(column, _("“%(value)s” is not a number of m².") % {
                    "value": cells[column][:30]})
            else:
                if message := number_problem(values[column]):
                    problem(column, message)
                    values[column] = None
    for column, label in (("storeys", _("storeys")), ("year_built", _("a year")),
                          ("households_inside", _("households"))):
        values[column] = None
        if cells[column]:
            digits = cells[column].replace(" ", "").lstrip("-")
            if not is_ascii_number(digits):
                problem(column, _("“%(value)s” is not a whole number of %(what)s.") % {
                    "value": cells[column][:30], "what": label})
            else:
                values[column] = int(digits) * (-1 if cells[column].startswith("-") else 1)
    if values["households_inside"] is None:
        values["households_inside"] = 0
    condition_text = cells["condition"]
    values["condition"] = _labels(Condition).get(heading_key(condition_text), None)
    if values["condition"] is None:
        if condition_text:
            problem("condition", _("Unknown condition “%(value)s”. Use one of: %(codes)s.")
                    % {"value": condition_text[:40], "codes": ", ".join(Condition.values)})
        values["condition"] = ""
    flag = heading_key(cells["special_inner_district"])
    values["special_inner_district"] = flag in YES
    if flag not in YES | NO:
        problem("special_inner_district", _("Write “có” or “không”."))
    values["land_legal_status"] = cells["land_legal_status"]
    if len(values["land_legal_status"]) > LEGAL_STATUS_MAX_LENGTH:
        problem("land_legal_status", _("Longer than %(max)d characters.") % {
            "max": LEGAL_STATUS_MAX_LENGTH})
    values["notes"] = cells["notes"]
    for column, message in headquarters_problems(values).items():
        problem(column, message)
    return values


def parse_headquarters(*, actor: User, uploaded_file: Any) -> ParsedFile:
    """Validated rows of a headquarters file; raises ImportErrors listing every problem."""
    # The Vietnamese heading, the key, or the key with spaces.
    columns = {column: (heading, column, column.replace("_", " "))
               for column, heading in HEADINGS.items()}
    (header_row, headings), data_rows = split_header(read_rows(uploaded_file), columns)
    positions = column_positions(
        header_row, headings, ignored=IGNORED_HEADINGS, required=REQUIRED_COLUMNS,
        columns=columns,
        unknown=_("Unknown column. Download the export to see the expected columns."),
        label=HEADINGS.__getitem__,
    )
    errors: list[RowError] = []

    by_code = {w.code: w for w in OrgUnit.objects.filter(
        kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)}
    editable = set(facility_wards(actor=actor, action=Action.FACILITY_EDIT)
                   .values_list("pk", flat=True))
    parsed = ParsedFile()
    first_seen: dict[tuple[str, date], int] = {}
    for number, raw in data_rows:
        cells = {c: cell_text(raw, positions, c) for c in HEADINGS}
        row_errors: list[RowError] = []

        def problem(column: str, message: str, *, _row: int = number,
                    _into: list[RowError] = row_errors) -> None:
            _into.append(RowError(_row, HEADINGS[column], message))

        code = cells["ward_code"]
        ward = by_code.get(code)
        if not code:
            problem("ward_code", _("The ward code is missing."))
        elif ward is None:
            problem("ward_code", _("No current ward has the code %(code)s.") % {"code": code})
        elif ward.pk not in editable:
            problem("ward_code", _("You may not edit the facilities of %(name)s.") % {
                "name": ward.name})
        data_columns = [c for c in HQ_FIELDS if c != "households_inside"]
        if not any(cells[c] for c in data_columns):
            # A ward exported before anyone surveyed it: nothing to record.
            if not row_errors:
                parsed.skipped += 1
            errors.extend(row_errors)
            continue
        values = _parse_row(cells, problem)
        if ward is not None and values["valid_from"] is not None:
            seen = first_seen.setdefault((code, values["valid_from"]), number)
            if seen != number:
                problem("valid_from", _("This ward and date are already on row %(row)d.")
                        % {"row": seen})
        if row_errors:
            errors.extend(row_errors)
        elif ward is not None:
            parsed.rows.append(HeadquartersRow(number, ward, values))
    if errors:
        raise ImportErrors(errors)
    if not parsed.rows and not parsed.skipped:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no wards."))])
    return parsed


def _yes_no(value: bool) -> str:
    return "có" if value else "không"


def export_headquarters(*, actor: User, day: date) -> bytes:
    """Every ward in the actor's scope with its situation on `day`, one row each."""
    wards = facility_wards(actor=actor)
    records = headquarters_by_ward(wards, day)
    rows: list[list[Any]] = []
    for ward in wards:
        record = records.get(ward.pk)
        if record is None:
            rows.append([ward.code, ward.name])
            continue
        rows.append([
            ward.code, ward.name, record.valid_from, record.get_status_display(),
            record.land_area, record.floor_area, record.storeys,
            record.get_condition_display() if record.condition else "",
            record.year_built, record.land_legal_status, record.households_inside,
            _yes_no(record.special_inner_district), record.notes,
        ])
    # Labels, not codes, as officials read them (the import takes both); codes like "00070"
    # stay text, or Excel drops the zeros.
    return workbook_bytes(Sheet(
        "Trụ sở", list(HEADINGS.values()), rows, text_columns="A",
        widths=(12, 28, 14, 20, 12, 12, 8, 18, 10, 30, 12, 10, 40),
        caption=actor.export_caption(f"Trụ sở Công an phường, xã (tình trạng ngày {day:%d/%m/%Y})"),
    ))
