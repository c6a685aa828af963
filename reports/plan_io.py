"""Reading plans from the bundled TOML data files and from XLSX uploads; writing the template.

Nothing here touches the database: both sources become the same PlanRow + TaskRow values,
and every problem found is collected (core.imports.RowError) so an official fixes the
whole workbook in one pass. Agency codes are checked against the database by
reports.plan_services.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from core.imports import (
    IGNORED_HEADINGS,
    MAX_BYTES,
    MAX_ROWS,
    ImportErrors,
    RowError,
    cell_text,
    clean_text,
    find_columns,
    heading_key,
    is_ascii_number,
    split_header,
)
from core.spreadsheets import Caption, Sheet, workbook_bytes

SECTION_MAX = 30
NUMBER_MAX = 100
ISSUER_MAX = 200
TITLE_MAX = 500
OUTPUT_MAX = 300
YEAR_MIN, YEAR_MAX = 2000, 2100

PLAN_SHEET = "Kế hoạch"
TASK_SHEET = "Nhiệm vụ"
# Sheet names accepted (compared casefolded, NFC): Vietnamese, without accents, English.
PLAN_SHEET_NAMES = ("kế hoạch", "ke hoach", "plan")
TASK_SHEET_NAMES = ("nhiệm vụ", "nhiem vu", "tasks")

# Column key → (heading written in the template, other headings accepted).
PLAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("Số", "số kế hoạch", "số hiệu", "number"),
    "issued_on": ("Ngày ban hành", "ngày", "date", "issued on"),
    "issuer": ("Cơ quan ban hành", "issuer", "issued by"),
    "title": ("Tên kế hoạch", "tên", "trích yếu", "title"),
    "year_from": ("Từ năm", "from year"),
    "year_to": ("Đến năm", "to year"),
}
PLAN_REQUIRED = ("number", "issuer", "title", "year_from", "year_to")
TASK_COLUMNS: dict[str, tuple[str, ...]] = {
    "section": ("Mục", "section"),
    "text": ("Nhiệm vụ", "task"),
    "lead": ("Mã cơ quan chủ trì", "cơ quan chủ trì", "lead", "lead body"),
    "coordinating": ("Mã cơ quan phối hợp", "cơ quan phối hợp", "coordinating",
                     "coordinating bodies"),
    "due_date": ("Thời hạn", "hạn", "due date"),
    "expected_output": ("Sản phẩm", "kết quả dự kiến", "expected output"),
}
TASK_REQUIRED = ("section", "text", "lead")


@dataclass(frozen=True)
class PlanRow:
    number: str
    issuer: str
    title: str
    year_from: int
    year_to: int
    issued_on: date | None = None


@dataclass(frozen=True)
class TaskRow:
    """One task; `row` is its Excel row (None for the data file), `where` how to name it."""

    where: str
    row: int | None
    section: str
    text: str
    lead: str
    coordinating: tuple[str, ...] = ()
    due_date: date | None = None
    recurring: bool = True
    expected_output: str = ""


def parse_date(value: str) -> date:
    """dd/mm/yyyy (also d/m/yyyy and dd-mm-yyyy); ValueError otherwise."""
    parts = value.strip().replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(is_ascii_number(p) for p in parts) or len(parts[2]) != 4:
        raise ValueError(value)
    day, month, year = (int(p) for p in parts)
    return date(year, month, day)  # ValueError for 31/02 and the like


def split_codes(value: str) -> tuple[str, ...]:
    """Agency codes separated by ';' or ',' (spaces and repeats ignored, order kept)."""
    codes = (c.strip().lower() for c in value.replace(";", ",").split(","))
    return tuple(dict.fromkeys(c for c in codes if c))


# ------------------------------------------------------------------- the bundled data file

def read_toml(path: Path) -> tuple[PlanRow, list[TaskRow]]:
    """The plan and tasks of a data file in reports/data/; ImportErrors lists every problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImportErrors([RowError(None, str(path), str(exc))]) from None
    errors: list[RowError] = []
    head = data.get("plan") or {}
    issued = head.get("issued_on")
    try:
        issued_on = parse_date(issued) if isinstance(issued, str) and issued else None
    except ValueError:
        errors.append(RowError(None, "plan.issued_on", _("Not a date (dd/mm/yyyy).")))
        issued_on = None
    plan = PlanRow(number=clean_text(head.get("number")),
                   issuer=clean_text(head.get("issuer")), title=clean_text(head.get("title")),
                   year_from=int(head.get("year_from") or 0),
                   year_to=int(head.get("year_to") or 0), issued_on=issued_on)
    errors += check_plan(plan, None, "plan.")
    tasks = []
    for index, raw in enumerate(data.get("task") or [], start=1):
        where = f"task {index}"
        due = raw.get("due_date")
        due_date = None
        if isinstance(due, date):
            due_date = due
        elif due:
            try:
                due_date = parse_date(str(due))
            except ValueError:
                errors.append(RowError(None, f"{where}.due_date", _("Not a date (dd/mm/yyyy).")))
        task = TaskRow(
            where=where, row=None, section=clean_text(raw.get("section")),
            text=clean_text(raw.get("text")), lead=clean_text(raw.get("lead")).lower(),
            coordinating=tuple(clean_text(c).lower() for c in raw.get("coordinating") or ()),
            due_date=due_date, recurring=bool(raw.get("recurring", True)),
            expected_output=clean_text(raw.get("expected_output")),
        )
        errors += check_task(task, f"{where}.")
        tasks.append(task)
    if not tasks:
        errors.append(RowError(None, "task", _("The plan has no tasks.")))
    if errors:
        raise ImportErrors(errors)
    return plan, tasks


# ---------------------------------------------------------------------------- validation

def check_plan(plan: PlanRow, row: int | None, prefix: str) -> list[RowError]:
    """Problems of the plan's own fields; `prefix` names the column as the user sees it."""
    errors = []
    for field, limit, missing in (
        ("number", NUMBER_MAX, _("The plan's number is missing.")),
        ("issuer", ISSUER_MAX, _("The issuing body is missing.")),
        ("title", TITLE_MAX, _("The plan's title is missing.")),
    ):
        value = getattr(plan, field)
        if not value:
            errors.append(RowError(row, prefix + field, missing))
        elif len(value) > limit:
            errors.append(RowError(row, prefix + field, _(
                "Longer than %(max)d characters.") % {"max": limit}))
    for field in ("year_from", "year_to"):
        if not YEAR_MIN <= getattr(plan, field) <= YEAR_MAX:
            errors.append(RowError(row, prefix + field, _(
                "Not a year between %(min)d and %(max)d.") % {"min": YEAR_MIN, "max": YEAR_MAX}))
    if YEAR_MIN <= plan.year_from <= YEAR_MAX and YEAR_MIN <= plan.year_to < plan.year_from:
        errors.append(RowError(row, prefix + "year_to", _(
            "The last year is before the first year.")))
    return errors


def check_task(task: TaskRow, prefix: str) -> list[RowError]:
    errors = []
    if not task.section:
        errors.append(RowError(task.row, prefix + "section", _("The section is missing.")))
    elif len(task.section) > SECTION_MAX:
        errors.append(RowError(task.row, prefix + "section", _(
            "Longer than %(max)d characters.") % {"max": SECTION_MAX}))
    if not task.text:
        errors.append(RowError(task.row, prefix + "text", _("The task is empty.")))
    if not task.lead:
        errors.append(RowError(task.row, prefix + "lead", _("The lead body's code is missing.")))
    if len(task.expected_output) > OUTPUT_MAX:
        errors.append(RowError(task.row, prefix + "expected_output", _(
            "Longer than %(max)d characters.") % {"max": OUTPUT_MAX}))
    return errors


# ------------------------------------------------------------------------------ XLSX upload

def _sheet_rows(sheet: Any) -> list[tuple[int, list[str]]]:
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        texts = [clean_text(v) for v in values]
        if any(texts):
            rows.append((number, texts))
            # Enough to know it is too long; never unpack a zip bomb to the end.
            if len(rows) > MAX_ROWS + 1:
                break
    return rows


def _columns(sheet_title: str, header: tuple[int, list[str]],
             columns: dict[str, tuple[str, ...]], required: tuple[str, ...],
             errors: list[RowError]) -> dict[str, int]:
    """The sheet's column positions; its header problems join the file's list."""
    number, headings = header
    positions, problems = find_columns(
        number, headings, columns=columns, required=required, ignored=IGNORED_HEADINGS,
        unknown=_("Unknown column. Use the headings of the template."),
        label=lambda column: columns[column][0], where=f"{sheet_title}: ",
    )
    errors.extend(problems)
    return positions


def _year(value: str) -> int:
    return int(value) if is_ascii_number(value) else 0


def _read_plan_sheet(sheet: Any, errors: list[RowError]) -> PlanRow | None:
    rows = _sheet_rows(sheet)
    header, rows = split_header(rows, PLAN_COLUMNS) if rows else ((0, []), [])
    if not rows:
        errors.append(RowError(None, PLAN_SHEET, _(
            "The sheet needs a header row and one row describing the plan.")))
        return None
    positions = _columns(PLAN_SHEET, header, PLAN_COLUMNS, PLAN_REQUIRED, errors)
    if len(rows) > 1:
        errors.append(RowError(rows[1][0], PLAN_SHEET, _(
            "Describe one plan only, on the row under the headings.")))
    number, cells = rows[0]

    def value(column: str) -> str:
        return cell_text(cells, positions, column)

    issued_on = None
    if value("issued_on"):
        try:
            issued_on = parse_date(value("issued_on"))
        except ValueError:
            errors.append(RowError(number, f"{PLAN_SHEET}: {PLAN_COLUMNS['issued_on'][0]}", _(
                "“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value("issued_on")[:30]}))
    plan = PlanRow(number=value("number"), issuer=value("issuer"), title=value("title"),
                   year_from=_year(value("year_from")), year_to=_year(value("year_to")),
                   issued_on=issued_on)
    for problem in check_plan(plan, number, ""):
        heading = PLAN_COLUMNS[problem.column][0]
        errors.append(RowError(problem.row, f"{PLAN_SHEET}: {heading}", problem.message))
    return plan


def _read_task_sheet(sheet: Any, errors: list[RowError]) -> list[TaskRow]:
    rows = _sheet_rows(sheet)
    if not rows:
        errors.append(RowError(None, TASK_SHEET, _("The sheet is empty.")))
        return []
    found = len(errors)
    header, rows = split_header(rows, TASK_COLUMNS)
    positions = _columns(TASK_SHEET, header, TASK_COLUMNS, TASK_REQUIRED, errors)
    if len(errors) > found:
        return []
    if not rows:
        errors.append(RowError(None, TASK_SHEET, _("The sheet has headings but no tasks.")))
        return []
    if len(rows) > MAX_ROWS:
        errors.append(RowError(None, TASK_SHEET, _(
            "At most %(max)d tasks can be imported at once.") % {"max": MAX_ROWS}))
        return []
    tasks = []
    for number, cells in rows:
        def value(column: str, cells: list[str] = cells) -> str:
            return cell_text(cells, positions, column)

        due_date = None
        if value("due_date"):
            try:
                due_date = parse_date(value("due_date"))
            except ValueError:
                errors.append(RowError(number, f"{TASK_SHEET}: {TASK_COLUMNS['due_date'][0]}", _(
                    "“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value("due_date")[:30]}))
        task = TaskRow(
            where=TASK_SHEET, row=number, section=value("section"), text=value("text"),
            lead=value("lead").lower(), coordinating=split_codes(value("coordinating")),
            due_date=due_date, expected_output=value("expected_output"),
        )
        for problem in check_task(task, ""):
            heading = TASK_COLUMNS[problem.column][0]
            errors.append(RowError(problem.row, f"{TASK_SHEET}: {heading}", problem.message))
        tasks.append(task)
    return tasks


def parse_workbook(uploaded_file: Any) -> tuple[PlanRow | None, list[TaskRow], list[RowError]]:
    """The plan, tasks and every problem of an uploaded workbook. Tasks with problems are
    still returned, so the caller can add what only the database knows (agency codes)."""
    from openpyxl import load_workbook

    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None, [], [RowError(None, "", _(
            "The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None, [], [RowError(None, "", _(
            "The file could not be read as an Excel workbook (.xlsx)."))]
    try:
        sheets = {heading_key(s.title): s for s in workbook.worksheets}
        plan_sheet = next((sheets[n] for n in PLAN_SHEET_NAMES if n in sheets), None)
        task_sheet = next((sheets[n] for n in TASK_SHEET_NAMES if n in sheets), None)
        errors: list[RowError] = []
        for sheet, name in ((plan_sheet, PLAN_SHEET), (task_sheet, TASK_SHEET)):
            if sheet is None:
                errors.append(RowError(None, name, _(
                    "The workbook has no sheet named “%(name)s”.") % {"name": name}))
        if errors:
            return None, [], errors
        plan = _read_plan_sheet(plan_sheet, errors)
        tasks = _read_task_sheet(task_sheet, errors)
    finally:
        workbook.close()
    return plan, tasks, errors


def template_xlsx() -> bytes:
    """A blank workbook with the two sheets and their headings (no example row: one left
    in by mistake would be imported as a task)."""
    # Dates typed as dd/mm/yyyy must stay text, or Excel may read them month-first.
    return workbook_bytes(
        Sheet(PLAN_SHEET, [names[0] for names in PLAN_COLUMNS.values()], text_columns="B",
              widths=(16, 16, 28, 60, 10, 10),
              caption=Caption("Mẫu nhập kế hoạch", "Một kế hoạch, ghi ở dòng dưới tiêu đề cột.")),
        Sheet(TASK_SHEET, [names[0] for names in TASK_COLUMNS.values()], text_columns="E",
              widths=(8, 70, 28, 40, 12, 30),
              caption=Caption("Mẫu nhập nhiệm vụ của kế hoạch", "Mỗi dòng một nhiệm vụ.")),
    )
