"""Staffing and training attendance in spreadsheets (the city's yearly collection from the
wards), on top of core.imports and core.spreadsheets.

- Staffing: one row per ward: its code ("Mã phường"), name (read, not checked), then one
  column per figure of `STAFFING_COLUMNS`.
- Attendance: one row per ward and course: the ward's code, the course's number in the plan
  ("Mã khóa", shown on the plan's page), officers trained ("Số được đào tạo") and passed
  ("Số đạt").

A blank cell of a count is 0; the average age may stay blank. Every problem of a file is
listed at once, by row and column; the services store nothing when there is any.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import (
    IGNORED_HEADINGS,
    MAX_ROWS,
    ImportErrors,
    RowError,
    cell_text,
    column_positions,
    decimal_from_text,
    is_ascii_number,
    read_rows,
    split_header,
)
from core.spreadsheets import Caption, Sheet, workbook_bytes
from force.rules import MAX_PEOPLE

# key → (heading written, other headings accepted)
STAFFING_COLUMNS: dict[str, tuple[str, ...]] = {
    "establishment": ("Biên chế",),
    "headcount": ("Quân số", "Quân số thực tế"),
    "leaders": ("Lãnh đạo", "Số lãnh đạo"),
    "university": ("Đại học trở lên",),
    "police_training": ("Đào tạo CAND", "Cao đẳng CAND trở lên"),
    "political_theory": ("Trung cấp LLCT trở lên", "Lý luận chính trị"),
    "foreign_language": ("Ngoại ngữ",),
    "it_skills": ("Tin học",),
    "mass_mobilisation": ("Bồi dưỡng dân vận", "Dân vận"),
    "living_in_ward": ("Cư trú tại phường",),
    "average_age": ("Tuổi bình quân",),
}
WARD_HEADINGS = ("Mã phường", "Mã xã, phường", "Mã", "code")
NAME_HEADINGS = ("Tên phường", "Tên xã, phường", "Tên", "name")
COURSE_HEADINGS = ("Mã khóa", "Mã khóa học", "course")
TRAINED_HEADINGS = ("Số được đào tạo", "Được đào tạo", "trained")
PASSED_HEADINGS = ("Số đạt", "Đạt", "passed")


def _count(text: str) -> int:
    """A whole number of people, at most MAX_PEOPLE; blank is 0. Raises ValueError."""
    digits = text.replace(" ", "")
    if digits == "":
        return 0
    if not is_ascii_number(digits) or int(digits) > MAX_PEOPLE:
        raise ValueError
    return int(digits)


NOT_A_COUNT = gettext_lazy("“%(value)s” is not a whole number from 0 to %(max)s.")


def _rows(uploaded_file: Any, columns: dict[str, tuple[str, ...]], required: list[str]
          ) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    (header_row, headings), data_rows = split_header(read_rows(uploaded_file), columns)
    positions = column_positions(
        header_row, headings, columns=columns, required=required, ignored=IGNORED_HEADINGS,
        unknown=_("Unknown column. Use the headings of the downloaded file."),
        label=lambda key: columns[key][0])
    data_rows = [(n, cells) for n, cells in data_rows if any(c.strip() for c in cells)]
    if not data_rows:
        raise ImportErrors([RowError(None, "", _("The file has a header row but no rows."))])
    if len(data_rows) > MAX_ROWS:
        raise ImportErrors([RowError(None, "", _(
            "The file has %(count)d rows; at most %(max)d can be imported at once."
        ) % {"count": len(data_rows), "max": MAX_ROWS})])
    return positions, data_rows


@dataclass(frozen=True)
class StaffingRow:
    row: int
    ward_code: str
    values: dict[str, Any]


def parse_staffing(uploaded_file: Any) -> tuple[list[StaffingRow], list[RowError]]:
    columns = {"ward": WARD_HEADINGS, "name": NAME_HEADINGS, **STAFFING_COLUMNS}
    positions, data_rows = _rows(uploaded_file, columns,
                                 ["ward", "establishment", "headcount"])
    errors: list[RowError] = []
    parsed: list[StaffingRow] = []
    seen: dict[str, int] = {}
    for number, cells in data_rows:
        code = cell_text(cells, positions, "ward")
        if not any(cell_text(cells, positions, key) for key in STAFFING_COLUMNS):
            continue  # a ward the export lists without figures: nothing to record
        if not code:
            errors.append(RowError(number, WARD_HEADINGS[0], _("The code is missing.")))
        elif code in seen:
            errors.append(RowError(number, WARD_HEADINGS[0], _(
                "This code is already used on row %(row)d.") % {"row": seen[code]}))
        else:
            seen[code] = number
        values: dict[str, Any] = {}
        for key, headings in STAFFING_COLUMNS.items():
            text = cell_text(cells, positions, key)
            try:
                if key == "average_age":
                    values[key] = (decimal_from_text(text.replace(",", ".")) if text
                                   else None)
                else:
                    values[key] = _count(text)
            except ValueError:
                errors.append(RowError(number, headings[0], str(NOT_A_COUNT) % {
                    "value": text[:30], "max": MAX_PEOPLE}))
        parsed.append(StaffingRow(number, code, values))
    return parsed, errors


@dataclass(frozen=True)
class AttendanceRow:
    row: int
    ward_code: str
    course: int | None
    trained: int | None
    passed: int | None


def parse_attendance(uploaded_file: Any) -> tuple[list[AttendanceRow], list[RowError]]:
    columns = {"ward": WARD_HEADINGS, "name": NAME_HEADINGS, "course": COURSE_HEADINGS,
               "title": ("Khóa học", "Tên khóa học"), "trained": TRAINED_HEADINGS,
               "passed": PASSED_HEADINGS}
    positions, data_rows = _rows(uploaded_file, columns, ["ward", "course", "trained",
                                                          "passed"])
    errors: list[RowError] = []
    parsed: list[AttendanceRow] = []
    seen: dict[tuple[str, int], int] = {}
    for number, cells in data_rows:
        code = cell_text(cells, positions, "ward")
        course_text = cell_text(cells, positions, "course")
        trained_text = cell_text(cells, positions, "trained")
        passed_text = cell_text(cells, positions, "passed")
        if not trained_text and not passed_text:
            continue  # listed without figures (an export, a course to come): nothing to record
        if not code:
            errors.append(RowError(number, WARD_HEADINGS[0], _("The code is missing.")))
        course = int(course_text) if course_text and is_ascii_number(course_text) else None
        if course is None:
            errors.append(RowError(number, COURSE_HEADINGS[0], _(
                "“%(value)s” is not a course number of the plan.") % {
                "value": course_text[:30]}))
        elif code:
            if (code, course) in seen:
                errors.append(RowError(number, COURSE_HEADINGS[0], _(
                    "This ward and course are already on row %(row)d.") % {
                    "row": seen[(code, course)]}))
            else:
                seen[(code, course)] = number
        counts: dict[str, int | None] = {}
        for name, text, heading in (("trained", trained_text, TRAINED_HEADINGS[0]),
                                    ("passed", passed_text, PASSED_HEADINGS[0])):
            try:
                counts[name] = _count(text)
            except ValueError:
                counts[name] = None
                errors.append(RowError(number, heading, str(NOT_A_COUNT) % {
                    "value": text[:30], "max": MAX_PEOPLE}))
        trained, passed = counts["trained"], counts["passed"]
        if trained is not None and passed is not None and passed > trained:
            errors.append(RowError(number, PASSED_HEADINGS[0], _(
                "More officers passed (%(passed)s) than were trained (%(trained)s).") % {
                "passed": passed, "trained": trained}))
        parsed.append(AttendanceRow(number, code, course, trained, passed))
    return parsed, errors


def staffing_xlsx(rows: list[tuple[str, str, dict[str, Any]]], caption: Caption) -> bytes:
    """Rows of (ward code, ward name, values by key); a blank template without rows."""
    headings = [WARD_HEADINGS[0], NAME_HEADINGS[0],
                *(names[0] for names in STAFFING_COLUMNS.values())]
    body = [[code, name, *(values.get(key) if values.get(key) is not None else ""
                           for key in STAFFING_COLUMNS)]
            for code, name, values in rows]
    return workbook_bytes(Sheet("Biên chế, quân số", headings, body, caption=caption,
                                text_columns="A", widths=(12, 28, *(11,) * 11)))


def attendance_xlsx(rows: list[tuple[str, str, int, str, int | None, int | None]],
                    caption: Caption) -> bytes:
    """Rows of (ward code, ward name, course number, course title, trained, passed)."""
    headings = [WARD_HEADINGS[0], NAME_HEADINGS[0], COURSE_HEADINGS[0], "Khóa học",
                TRAINED_HEADINGS[0], PASSED_HEADINGS[0]]
    body = [[code, name, course, title, "" if trained is None else trained,
             "" if passed is None else passed]
            for code, name, course, title, trained, passed in rows]
    return workbook_bytes(Sheet("Kết quả đào tạo", headings, body, caption=caption,
                                text_columns="A", widths=(12, 28, 10, 40, 14, 10)))

