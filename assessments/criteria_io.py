"""Criteria sets as spreadsheets: read (with every problem located), write, blank template.

Layout of the workbook (also written on the instructions sheet of the template):

- sheet "Bộ tiêu chí" (or "set"): two columns, a label and a value, one row per field of
  the set: name, decision number, decision date (dd/mm/yyyy), year from, year to, pass
  mark, sample (có/không). A label is recognised by its Vietnamese text or by the English
  key in brackets, e.g. "Tên bộ tiêu chí (name)".
- sheet "Tiêu chí" (or "criteria"): a header row, then one row per group, criterion or
  sub-criterion, in the order they are shown. Columns are recognised by header, so their
  order does not matter: see COLUMNS.
- sheet "Hướng dẫn": instructions; ignored on import.

Reading never touches the database: `read_xlsx` / `read_rows` return a `CriteriaSetData` or
raise `ImportErrors` listing every problem found, by sheet, row and column.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessments.models import CriteriaSet, Criterion
from core.imports import (
    HEADER_SEARCH_ROWS,
    ImportErrors,
    RowError,
    clean_text,
    decimal_from_text,
    heading_key,
    split_header,
)
from core.spreadsheets import save_workbook

SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
HELP_SHEET = "Hướng dẫn"
SHEET_ALIASES = {"set": SET_SHEET, "criteria": CRITERIA_SHEET}

MAX_ROWS = 2000
# A small xlsx can unpack to gigabytes; refuse before openpyxl inflates it.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Vietnamese header, data for officials: not translated
    width: int = 14


COLUMNS: tuple[Column, ...] = (
    Column("level", "Cấp", 12),
    Column("code", "Mã", 8),
    Column("parent_code", "Mã tiêu chí cha", 10),
    Column("title", "Tên", 60),
    Column("guidance", "Hướng dẫn", 40),
    Column("value_type", "Kiểu giá trị", 13),
    Column("choices", "Các lựa chọn", 24),
    Column("comparison", "So sánh", 10),
    Column("target", "Mục tiêu", 10),
    Column("max_score", "Điểm tối đa", 10),
    Column("mandatory", "Bắt buộc", 10),
    Column("evidence_required", "Cần minh chứng", 12),
    Column("legal_source", "Căn cứ", 30),
    Column("value_source", "Nguồn giá trị", 14),
    Column("source_key", "Mã nguồn", 14),
)
SET_FIELDS: tuple[Column, ...] = (
    Column("name", "Tên bộ tiêu chí"),
    Column("decision_number", "Số quyết định"),
    Column("decision_date", "Ngày quyết định"),
    Column("year_from", "Áp dụng từ năm"),
    Column("year_to", "Áp dụng đến năm"),
    Column("pass_mark", "Điểm đạt"),
    Column("sample", "Bộ mẫu"),
    Column("purpose", "Dùng cho"),
)

# The words the export writes for each code, as officials read them; the import takes the
# words and the codes alike, so a file exported before (codes) still imports.
LEVEL_WORDS = {"group": "nhóm", "criterion": "tiêu chí", "sub": "tiêu chí con"}
TYPE_WORDS = {"yes_no": "có/không", "number": "số", "percentage": "tỷ lệ %", "score": "điểm",
              "choice": "lựa chọn", "text": "văn bản"}
COMPARISON_WORDS = {"gte": "≥", "lte": "≤", "eq": "=", "yes": "có", "none": "không so sánh"}
# What a set judges (CriteriaSet.Purpose), in the words the sheet uses; blank is a ward
# police set, so files written before the field existed still import.
PURPOSE_WORDS = {"ward_police": "công an phường kiểu mẫu",
                 "safe_group": "tổ dân phố, thôn an toàn về antt",
                 "safe_commune": "xã, phường an toàn về antt",
                 "emulation": "tiêu chí thi đua"}
SOURCE_WORDS = {"entered": "phường nhập", "consultation": "lấy ý kiến Nhân dân",
                "indicators": "số liệu định kỳ", "facilities": "trụ sở, trang thiết bị",
                "lower_level": "kết quả cấp dưới", "force": "xây dựng lực lượng"}
# The keys a facilities source understands (see facilities.criteria_sources).
FACILITY_KEYS = ("headquarters-own", "headquarters-no-households", "equipment-to-norm")


def _aliases(words: dict[str, str]) -> dict[str, str]:
    return {**{code: code for code in words}, **{heading_key(w): c for c, w in words.items()}}


LEVELS = _aliases(LEVEL_WORDS)
VALUE_TYPES = _aliases(TYPE_WORDS)
VALUE_SOURCES = _aliases(SOURCE_WORDS)
COMPARISONS = {**_aliases(COMPARISON_WORDS), ">=": "gte", "<=": "lte", "": "none"}
YES = {"yes", "có", "co", "x", "1", "true"}
NO = {"no", "không", "khong", "0", "false", ""}
NUMERIC_TYPES = {Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE,
                 Criterion.ValueType.SCORE}


@dataclass
class GroupData:
    code: str
    title: str


@dataclass
class CriterionData:
    group_code: str
    parent_code: str
    code: str
    title: str
    guidance: str = ""
    value_type: str = Criterion.ValueType.YES_NO
    choices: str = ""
    comparison: str = Criterion.Comparison.NONE
    target: str = ""
    max_score: Decimal = Decimal(0)
    mandatory: bool = False
    evidence_required: bool = False
    legal_source: str = ""
    value_source: str = Criterion.ValueSource.ENTERED
    source_key: str = ""


@dataclass
class CriteriaSetData:
    name: str
    legal_basis_number: str
    legal_basis_date: date | None
    year_from: int
    year_to: int
    pass_score: Decimal
    is_sample: bool
    purpose: str = "ward_police"
    groups: list[GroupData] = field(default_factory=list)
    criteria: list[CriterionData] = field(default_factory=list)


def _number(text: str) -> Decimal | None:
    try:
        return decimal_from_text(text.replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def _header_key(text: str, columns: Iterable[Column]) -> str | None:
    folded = heading_key(text)
    bracket = re.search(r"\(([a-z_]+)\)\s*$", folded)
    for column in columns:
        if bracket and bracket.group(1) == column.key:
            return column.key
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", folded)
        if bare in (heading_key(column.label), column.key):
            return column.key
    return None


class _Collector:
    """Gathers problems so that one pass reports all of them."""

    def __init__(self) -> None:
        self.problems: list[RowError] = []

    def add(self, sheet: str, row: int | None, column: str, message: str | Promise) -> None:
        self.problems.append(RowError(row, column, str(message), sheet=sheet))


# --- Reading ------------------------------------------------------------------------------

Cell = tuple[str, str]  # (text, column reference shown to the user, e.g. "D (Tên)")


def read_xlsx(data: bytes) -> CriteriaSetData:
    """Parse and validate a whole workbook; ImportErrors lists every problem."""
    file_problem = _file_problem(data)
    if file_problem:
        raise ImportErrors([RowError(None, "", file_problem)])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen exception types for a damaged file
        raise ImportErrors([RowError(None, "", _(
            "The file could not be read as an Excel workbook. Open it in Excel and save it "
            "again as “Excel Workbook (*.xlsx)”."))]) from None
    sheets = {SHEET_ALIASES.get(heading_key(name), unicodedata.normalize("NFC", name.strip())): name
              for name in book.sheetnames}
    found = _Collector()
    for wanted in (SET_SHEET, CRITERIA_SHEET):
        if wanted not in sheets:
            found.add(wanted, None, "", _("The sheet “%(sheet)s” is missing; download the "
                                          "template to see the layout.") % {"sheet": wanted})
    if found.problems:
        book.close()
        raise ImportErrors(found.problems)
    meta = _read_set_sheet(book[sheets[SET_SHEET]])
    rows = _read_criteria_sheet(book[sheets[CRITERIA_SHEET]], found)
    book.close()
    return read_rows(meta, rows, problems=found)


def _file_problem(data: bytes) -> str | None:
    if not data:
        return _("The file is empty.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return _("This is not an Excel (.xlsx) file. Open it in Excel and save it as “Excel "
                 "Workbook (*.xlsx)”.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            return _("The workbook is too large to be a criteria set.")
    return None


def _read_set_sheet(sheet: Any) -> dict[str, Cell]:
    meta: dict[str, Cell] = {}
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), 1):
        label = clean_text(row[0] if row else None)
        if not label:
            continue
        key = _header_key(label, SET_FIELDS)
        if key is None:
            continue  # the header row, or a note an official added
        meta[key] = (clean_text(row[1] if len(row) > 1 else None), f"B{number}")
    return meta


def _read_criteria_sheet(sheet: Any, found: _Collector) -> list[tuple[int, dict[str, Cell]]]:
    # An official may have put a title above the table: the header is found as every
    # importer finds it, with this layout's own way of recognising a heading.
    top = [(number, [clean_text(v) for v in values]) for number, values in enumerate(
        islice(sheet.iter_rows(values_only=True), HEADER_SEARCH_ROWS), 1)]
    (header_number, titles), _rest = split_header(
        top or [(1, [])], known=lambda title: _header_key(title, COLUMNS) is not None)
    positions: dict[str, int] = {}
    for index, title in enumerate(titles):
        key = _header_key(title, COLUMNS)
        if key and key not in positions:
            positions[key] = index
    for column in COLUMNS:
        if column.key not in positions:
            found.add(CRITERIA_SHEET, header_number, column.label, _(
                "The column “%(column)s” is missing from the header row."
            ) % {"column": column.label})
    if "level" not in positions or "code" not in positions or "title" not in positions:
        return []
    result = []
    rows = sheet.iter_rows(min_row=header_number + 1, values_only=True)
    for number, values in enumerate(rows, header_number + 1):
        if number > MAX_ROWS + header_number:
            found.add(CRITERIA_SHEET, number, "", _("Only %(max)s rows are read; split the "
                                                    "file.") % {"max": MAX_ROWS})
            break
        cells = {
            key: (clean_text(values[index] if index < len(values) else None),
                  f"{get_column_letter(index + 1)} ({_column(key).label})")
            for key, index in positions.items()
        }
        if any(text for text, _ref in cells.values()):
            result.append((number, cells))
    return result


def _column(key: str) -> Column:
    return next(c for c in COLUMNS if c.key == key)


def read_rows(
    meta: dict[str, Cell], rows: list[tuple[int, dict[str, Cell]]], *,
    problems: _Collector | None = None, set_sheet: str = SET_SHEET,
    criteria_sheet: str = CRITERIA_SHEET,
) -> CriteriaSetData:
    """Validate a set's metadata and rows (from a workbook or the sample TOML) as a whole."""
    found = problems or _Collector()
    data = _validate_meta(meta, found, set_sheet)
    _validate_rows(data, rows, found, criteria_sheet)
    if not data.criteria and not found.problems:
        found.add(criteria_sheet, None, "", _("The file has no criteria."))
    total = sum((c.max_score for c in data.criteria if not c.parent_code), Decimal(0))
    if data.criteria and data.pass_score > total:
        found.add(set_sheet, *_meta_location(meta, "pass_mark"), _(
            "The pass mark %(mark)s is higher than the total of the maximum scores (%(total)s)."
        ) % {"mark": clean_text(data.pass_score), "total": clean_text(total)})
    if found.problems:
        # The set sheet first, then row by row, as an official reads down the file.
        found.problems.sort(key=lambda p: (p.sheet != set_sheet, p.row or 0))
        raise ImportErrors(found.problems)
    return data


def _meta_location(meta: dict[str, Cell], key: str) -> tuple[int | None, str]:
    """Row and column of a set field, e.g. (4, "B (Ngày quyết định)")."""
    label = next(c.label for c in SET_FIELDS if c.key == key)
    ref = meta.get(key, ("", ""))[1]
    letters, digits = re.sub(r"\d", "", ref), re.sub(r"\D", "", ref)
    return (int(digits) if digits else None), (f"{letters} ({label})" if letters else label)


def _validate_meta(meta: dict[str, Cell], found: _Collector, sheet: str) -> CriteriaSetData:
    def text(key: str) -> str:
        return meta.get(key, ("", ""))[0]

    def problem(key: str, message: str) -> None:
        found.add(sheet, *_meta_location(meta, key), message)

    name = text("name")
    if not name:
        problem("name", _("The name of the set is empty."))
    elif len(name) > 300:
        problem("name", _("The name is longer than 300 characters."))
    number = text("decision_number")
    if len(number) > 100:
        problem("decision_number", _("The decision number is longer than 100 characters."))
    decision_date = None
    if text("decision_date"):
        try:
            decision_date = datetime.strptime(text("decision_date"), "%d/%m/%Y").date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            problem("decision_date", _("“%(value)s” is not a date written dd/mm/yyyy.")
                    % {"value": text("decision_date")[:30]})
    years = []
    for key in ("year_from", "year_to"):
        value = text(key)
        if not value:
            problem(key, _("The year is empty."))
            years.append(0)
        elif not re.fullmatch(r"\d{4}", value) or not 2000 <= int(value) <= 2100:
            problem(key, _("“%(value)s” is not a year (2000–2100).") % {"value": value[:30]})
            years.append(0)
        else:
            years.append(int(value))
    if all(years) and years[1] < years[0]:
        problem("year_to", _("The years are reversed: %(start)s is after %(end)s.")
                % {"start": years[0], "end": years[1]})
    pass_score = _number(text("pass_mark") or "0")
    if pass_score is None or pass_score < 0:
        problem("pass_mark", _("The pass mark must be a number of 0 or more."))
        pass_score = Decimal(0)
    sample = heading_key(text("sample"))
    if sample not in YES | NO:
        problem("sample", _("Write “có” or “không”."))
    purpose_text = heading_key(text("purpose"))
    purpose = next((key for key, words in PURPOSE_WORDS.items()
                    if purpose_text in (key, heading_key(words))), None)
    if purpose_text == "":
        purpose = "ward_police"
    if purpose is None:
        problem("purpose", _("Write one of: %(words)s.") % {
            "words": "; ".join(f"“{w}”" for w in PURPOSE_WORDS.values())})
    return CriteriaSetData(
        name=name, legal_basis_number=number, legal_basis_date=decision_date,
        year_from=years[0], year_to=years[1], pass_score=pass_score, is_sample=sample in YES,
        purpose=purpose or "ward_police",
    )


def _validate_rows(
    data: CriteriaSetData, rows: list[tuple[int, dict[str, Cell]]], found: _Collector,
    sheet: str,
) -> None:
    group_codes: set[str] = set()
    levels: dict[str, tuple[str, int]] = {}  # criterion code → (level, row)
    current_group = ""
    pending_parents: list[tuple[int, str, CriterionData]] = []
    for number, cells in rows:
        def cell(key: str, cells: dict[str, Cell] = cells) -> str:
            return cells.get(key, ("", ""))[0]

        def problem(key: str, message: str, number: int = number,
                    cells: dict[str, Cell] = cells) -> None:
            found.add(sheet, number, cells.get(key, ("", _column(key).label))[1], message)

        level = LEVELS.get(heading_key(cell("level")))
        code, title = cell("code"), cell("title")
        if level is None:
            problem("level", _("“%(value)s” is not a level: write group, criterion or sub.")
                    % {"value": cell("level")[:30]})
            continue
        if not code:
            problem("code", _("The code is empty."))
        elif len(code) > 20:
            problem("code", _("The code is longer than 20 characters."))
        if not title:
            problem("title", _("The title is empty."))
        elif len(title) > 500:
            problem("title", _("The title is longer than 500 characters."))
        if level == "group":
            if code in group_codes:
                problem("code", _("The group code %(code)s appears twice.") % {"code": code})
            group_codes.add(code)
            current_group = code
            data.groups.append(GroupData(code=code, title=title))
            continue
        if not current_group:
            problem("level", _("A criterion comes before any group: add a group row above it."))
        if code in levels:
            problem("code", _("The code %(code)s is already used in row %(row)s.")
                    % {"code": code, "row": levels[code][1]})
        else:
            levels[code] = (level, number)
        criterion = _validate_criterion(cell, problem, current_group)
        if level == "sub":
            if not cell("parent_code"):
                problem("parent_code", _("A sub-criterion needs the code of its parent."))
            else:
                pending_parents.append((number, cell("parent_code"), criterion))
        elif cell("parent_code"):
            problem("parent_code", _("Only sub-criteria have a parent; set the level to sub."))
        data.criteria.append(criterion)
    by_code = {c.code: c for c in data.criteria}
    for number, parent_code, criterion in pending_parents:
        ref = next((cells["parent_code"][1] for n, cells in rows if n == number), "")
        parent = levels.get(parent_code)
        if parent is None:
            found.add(sheet, number, ref, _("No criterion has the parent code %(code)s.")
                      % {"code": parent_code})
        elif parent[0] != "criterion":
            found.add(sheet, number, ref, _(
                "The parent %(code)s is itself a sub-criterion; only criteria have sub-criteria."
            ) % {"code": parent_code})
        else:
            criterion.parent_code = parent_code
            criterion.group_code = by_code[parent_code].group_code
    _check_parents(data, rows, levels, found, sheet)


def _validate_criterion(cell: Any, problem: Any, group: str) -> CriterionData:
    raw_type = heading_key(cell("value_type"))
    # "?" marks a type already reported, so that it is not reported again as empty.
    value_type = VALUE_TYPES.get(raw_type, "?") if raw_type else ""
    if value_type == "?":
        problem("value_type", _("“%(value)s” is not a value type: write one of %(types)s.")
                % {"value": cell("value_type")[:30],
                   "types": ", ".join(TYPE_WORDS.values())})
    comparison = COMPARISONS.get(heading_key(cell("comparison")))
    if comparison is None:
        problem("comparison", _("“%(value)s” is not a comparison: write gte (≥), lte (≤), eq "
                                "(=), yes or none.") % {"value": cell("comparison")[:30]})
        comparison = "none"
    choices = [c.strip() for c in cell("choices").split("|") if c.strip()]
    target = cell("target")
    if len(target) > 200:
        problem("target", _("The target is longer than 200 characters."))
    if value_type == Criterion.ValueType.CHOICE and not choices:
        problem("choices", _("A choice criterion needs its options, separated by “|”."))
    if value_type in NUMERIC_TYPES:
        if comparison == "yes":
            problem("comparison", _("A number is compared with gte, lte or eq, not yes."))
        elif comparison != "none":
            number = _number(target)
            if number is None:
                problem("target", _("The target must be a number for gte, lte or eq."))
            elif value_type == Criterion.ValueType.PERCENTAGE and not 0 <= number <= 100:
                problem("target", _("A percentage target is between 0 and 100."))
            else:
                target = format(number.normalize(), "f")
    elif value_type == Criterion.ValueType.CHOICE:
        if comparison not in ("eq", "none"):
            problem("comparison", _("A choice criterion is compared with eq (or none)."))
        elif comparison == "eq" and target not in choices:
            problem("target", _("The target “%(target)s” is not one of the options.")
                    % {"target": target[:50]})
    elif value_type == Criterion.ValueType.YES_NO:
        if comparison not in ("yes", "none"):
            problem("comparison", _("A yes/no criterion is met by “yes”: write yes."))
        comparison = "yes"
        target = ""
    elif value_type == Criterion.ValueType.TEXT and comparison != "none":
        problem("comparison", _("A text criterion has no target: leave the comparison empty."))
    if comparison == "none" and target and value_type != Criterion.ValueType.YES_NO:
        problem("target", _("A target needs a comparison (gte, lte or eq)."))
    max_score = _number(cell("max_score") or "0")
    if max_score is None:
        problem("max_score", _("The maximum score must be a number."))
        max_score = Decimal(0)
    elif max_score < 0:
        problem("max_score", _("The maximum score cannot be negative."))
    elif value_type == Criterion.ValueType.SCORE and max_score == 0:
        problem("max_score", _("A score criterion needs a maximum score above 0."))
    flags = {}
    for key in ("mandatory", "evidence_required"):
        folded = heading_key(cell(key))
        if folded not in YES | NO:
            problem(key, _("Write “có” or “không” (or x for yes)."))
        flags[key] = folded in YES
    raw_source = VALUE_SOURCES.get(heading_key(cell("value_source") or "entered"), "")
    if not raw_source:
        problem("value_source", _("“%(value)s” is not a value source: write one of %(sources)s.")
                % {"value": cell("value_source")[:30],
                   "sources": ", ".join(SOURCE_WORDS.values())})
        raw_source = Criterion.ValueSource.ENTERED
    if raw_source == Criterion.ValueSource.INDICATORS and not cell("source_key"):
        problem("source_key", _("A value computed from indicators needs the indicator code."))
    if (raw_source == Criterion.ValueSource.FACILITIES
            and cell("source_key") not in FACILITY_KEYS):
        problem("source_key", _("A value computed from headquarters and equipment needs one "
                                "of these source keys: %(keys)s.")
                % {"keys": ", ".join(FACILITY_KEYS)})
    for key, limit in (("legal_source", 300), ("source_key", 100)):
        if len(cell(key)) > limit:
            problem(key, _("The text is longer than %(max)s characters.") % {"max": limit})
    return CriterionData(
        group_code=group, parent_code="", code=cell("code"), title=cell("title"),
        guidance=cell("guidance"), value_type=value_type, choices="\n".join(choices),
        comparison=comparison, target=target, max_score=max_score,
        mandatory=flags["mandatory"], evidence_required=flags["evidence_required"],
        legal_source=cell("legal_source"), value_source=raw_source,
        source_key=cell("source_key"),
    )


def _check_parents(
    data: CriteriaSetData, rows: list[tuple[int, dict[str, Cell]]],
    levels: dict[str, tuple[str, int]], found: _Collector, sheet: str,
) -> None:
    """A parent's result is rolled up from its sub-criteria; its own columns must agree."""
    children: dict[str, list[CriterionData]] = {}
    for criterion in data.criteria:
        if criterion.parent_code:
            children.setdefault(criterion.parent_code, []).append(criterion)
    cells_by_row = dict(rows)
    for criterion in data.criteria:
        row = levels.get(criterion.code, ("", 0))[1]
        cells = cells_by_row.get(row, {})

        def ref(key: str, cells: dict[str, Cell] = cells) -> str:
            return cells.get(key, ("", _column(key).label))[1]

        kids = children.get(criterion.code)
        if not kids:
            if criterion.value_type == "" and criterion.code:
                found.add(sheet, row, ref("value_type"), _(
                    "The value type is empty: write one of %(types)s."
                ) % {"types": ", ".join(Criterion.ValueType.values)})
            continue
        # Sub-criteria decide: the parent is met when all of them are, scoring their sum;
        # its own type and target would never be used, so they are not kept.
        criterion.value_type = Criterion.ValueType.YES_NO
        criterion.comparison, criterion.target, criterion.choices = "yes", "", ""
        total = sum((k.max_score for k in kids), Decimal(0))
        if criterion.max_score == 0:
            criterion.max_score = total
        elif criterion.max_score != total:
            found.add(sheet, row, ref("max_score"), _(
                "The maximum score %(score)s differs from the sum of its sub-criteria "
                "(%(total)s); leave it empty or make them agree."
            ) % {"score": clean_text(criterion.max_score), "total": clean_text(total)})


# --- Writing ------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")

INSTRUCTIONS = (
    "HƯỚNG DẪN NHẬP BỘ TIÊU CHÍ",
    "",
    "Tệp gồm hai trang cần điền: “Bộ tiêu chí” (thông tin chung) và “Tiêu chí” (mỗi dòng một "
    "nhóm, một tiêu chí hoặc một tiêu chí con). Trang này chỉ để đọc, khi nhập sẽ bỏ qua.",
    "",
    "TRANG “BỘ TIÊU CHÍ”",
    "Tên bộ tiêu chí: bắt buộc. Số quyết định, Ngày quyết định (dd/mm/yyyy): theo văn bản ban "
    "hành. Áp dụng từ năm – đến năm: 4 chữ số, năm sau không nhỏ hơn năm trước. Điểm đạt: "
    "tổng điểm tối thiểu để đạt (không vượt tổng điểm tối đa). Bộ mẫu: có/không.",
    "",
    "TRANG “TIÊU CHÍ” — các cột",
    "Cấp (level): nhóm (nhóm tiêu chí); tiêu chí; tiêu chí con (có thể gõ mã: group, "
    "criterion, sub). Mỗi tiêu chí thuộc nhóm gần nhất phía trên nó.",
    "Mã (code): mã duy nhất, ví dụ I, 1.1, 1.4.2. Không trùng giữa các tiêu chí.",
    "Mã tiêu chí cha (parent_code): chỉ điền cho tiêu chí con — mã của một tiêu chí (cấp "
    "criterion). Tiêu chí có tiêu chí con: để trống kiểu giá trị và điểm; kết quả được tính "
    "từ các tiêu chí con (đạt khi tất cả đạt, điểm bằng tổng điểm).",
    "Tên (title): bắt buộc. Hướng dẫn (guidance): cách tính, hồ sơ cần có.",
    "Kiểu giá trị (value_type): có/không; số; tỷ lệ % (0–100); điểm (tự chấm, không quá điểm "
    "tối đa); lựa chọn (chọn một phương án); văn bản. Có thể gõ mã: yes_no, number, "
    "percentage, score, choice, text.",
    "Các lựa chọn (choices): với kiểu choice, các phương án cách nhau bằng dấu “|”.",
    "So sánh (comparison): ≥, ≤, =, có (đạt khi trả lời “có”), không so sánh (không có mục "
    "tiêu). Có thể gõ mã: gte, lte, eq, yes, none.",
    "Mục tiêu (target): một số với gte/lte/eq; với choice là một trong các phương án.",
    "Điểm tối đa (max_score): số không âm; đạt thì được đủ điểm (kiểu score: được số điểm tự "
    "chấm).",
    "Bắt buộc (mandatory), Cần minh chứng (evidence_required): có / không (hoặc x).",
    "Căn cứ (legal_source): văn bản, mục quy định tiêu chí.",
    "Nguồn giá trị (value_source): phường nhập; lấy ý kiến Nhân dân (từ kết quả lấy ý kiến); "
    "số liệu định kỳ (ghi mã chỉ tiêu vào cột Mã nguồn, thêm “:decrease” để hỏi có giảm so "
    "với năm trước không); trụ sở, trang thiết bị (Mã nguồn: headquarters-own, "
    "headquarters-no-households hoặc equipment-to-norm); kết quả cấp dưới (tổ dân phố). Có "
    "thể gõ mã: entered, consultation, indicators, facilities, lower_level.",
    "",
    "Khi nhập, hệ thống kiểm tra toàn bộ tệp và liệt kê mọi lỗi theo trang, dòng và cột; "
    "không lưu gì cho tới khi tệp hết lỗi.",
)


def template_xlsx() -> bytes:
    """An empty workbook with the layout, dropdowns and instructions, for officials to fill."""
    book = _workbook(None)
    return _save(book)


def export_xlsx(criteria_set: CriteriaSet) -> bytes:
    """The set as a workbook that `read_xlsx` reads back into the same set."""
    return _save(_workbook(criteria_set))


def _save(book: Workbook) -> bytes:
    return save_workbook(book)


def _workbook(criteria_set: CriteriaSet | None) -> Workbook:
    book = Workbook()
    meta = book.active
    assert meta is not None
    meta.title = SET_SHEET
    meta.append(["Thông tin", "Giá trị"])
    values: dict[str, Any] = {}
    if criteria_set is not None:
        values = {
            "name": criteria_set.name, "decision_number": criteria_set.legal_basis_number,
            "decision_date": (f"{criteria_set.legal_basis_date:%d/%m/%Y}"
                              if criteria_set.legal_basis_date else ""),
            "year_from": criteria_set.year_from, "year_to": criteria_set.year_to,
            "pass_mark": criteria_set.pass_score,
            "sample": "có" if criteria_set.is_sample else "không",
            "purpose": PURPOSE_WORDS[criteria_set.purpose],
        }
    for column in SET_FIELDS:
        meta.append([f"{column.label} ({column.key})", values.get(column.key, "")])
    meta.column_dimensions["A"].width = 32
    meta.column_dimensions["B"].width = 70
    _style_header(meta, 2)
    # Typed as text so Excel keeps the dd/mm/yyyy the importer expects.
    meta["B4"].number_format = "@"

    sheet = book.create_sheet(CRITERIA_SHEET)
    sheet.append([f"{c.label} ({c.key})" for c in COLUMNS])
    _style_header(sheet, len(COLUMNS))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    if criteria_set is not None:
        for values_row, is_group in _export_rows(criteria_set):
            sheet.append(values_row)
            if is_group:
                for cell in sheet[sheet.max_row]:
                    cell.fill = GROUP_FILL
                    cell.font = Font(bold=True)
    for cell_row in sheet.iter_rows(min_row=2):
        for cell in cell_row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _dropdowns(sheet)

    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 120
    for line in INSTRUCTIONS:
        help_sheet.append([line])
        help_sheet.cell(help_sheet.max_row, 1).alignment = Alignment(wrap_text=True)
    help_sheet["A1"].font = Font(bold=True, size=13)
    return book


def _style_header(sheet: Any, width: int) -> None:
    for cell in sheet[1][:width]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _dropdowns(sheet: Any) -> None:
    lists = {
        "level": ",".join(LEVEL_WORDS.values()),
        "value_type": ",".join(TYPE_WORDS.values()),
        "comparison": ",".join(COMPARISON_WORDS.values()),
        "mandatory": "có,không",
        "evidence_required": "có,không",
        "value_source": ",".join(SOURCE_WORDS.values()),
    }
    for key, options in lists.items():
        letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _export_rows(criteria_set: CriteriaSet) -> Iterable[tuple[list[Any], bool]]:
    criteria = list(criteria_set.criteria.order_by("order", "pk"))
    children: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.parent_id:
            children.setdefault(criterion.parent_id, []).append(criterion)
    for group in criteria_set.groups.order_by("order", "code"):
        yield ([LEVEL_WORDS["group"], group.code, "", group.title] + [""] * (len(COLUMNS) - 4),
               True)
        for criterion in criteria:
            if criterion.group_id == group.pk and criterion.parent_id is None:
                kids = children.get(criterion.pk, [])
                yield _criterion_row(criterion, "", is_parent=bool(kids)), False
                for kid in kids:
                    yield _criterion_row(kid, criterion.code, is_parent=False), False


def _criterion_row(criterion: Criterion, parent_code: str, *, is_parent: bool) -> list[Any]:
    # A parent's result comes from its sub-criteria: its own type and target stay empty.
    kind = ("", "", "", "") if is_parent else (
        TYPE_WORDS[criterion.value_type], " | ".join(criterion.choice_list),
        COMPARISON_WORDS[criterion.comparison], criterion.target,
    )
    return [
        LEVEL_WORDS["sub" if parent_code else "criterion"], criterion.code, parent_code,
        criterion.title,
        criterion.guidance, *kind, criterion.max_score,
        "có" if criterion.mandatory else "không",
        "có" if criterion.evidence_required else "không",
        criterion.legal_source, SOURCE_WORDS[criterion.value_source], criterion.source_key,
    ]


# --- The sample set (TOML, one table per spreadsheet row) ----------------------------------

def read_toml(text: str, *, source: str) -> CriteriaSetData:
    """The same rows as the spreadsheet, written as TOML so that changes diff line by line."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ImportErrors([RowError(None, "", str(error), sheet=source)]) from None
    meta = {key: (clean_text(document.get("set", {}).get(key)), "") for key in
            (c.key for c in SET_FIELDS)}
    rows = [
        (number, {key: (clean_text(row.get(key)), key) for key in (c.key for c in COLUMNS)})
        for number, row in enumerate(document.get("rows", []), 1)
    ]
    return read_rows(meta, rows, set_sheet=source, criteria_sheet=source)

