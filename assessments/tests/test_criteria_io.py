"""Criteria sets as files: validation of a whole workbook, round trips, sample, copy, replace."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from assessments import criteria_io
from assessments.criteria_io import COLUMNS, CRITERIA_SHEET
from assessments.criteria_services import (
    criteria_set_copy,
    criteria_set_import,
    criteria_set_load_sample,
    criteria_set_replace,
    criteria_set_update,
)
from assessments.models import Assessment, AssessmentValue, CriteriaSet, Criterion, Transition
from core.imports import ImportErrors
from testing.factories import assessment_for, criteria_set_with

pytestmark = pytest.mark.django_db

META = {"name": "Bộ tiêu chí thử", "decision_number": "12/QĐ", "decision_date": "05/04/2024",
        "year_from": 2024, "year_to": 2030, "pass_mark": 10, "sample": "không"}


def workbook(rows: list[dict], meta: dict | None = None) -> bytes:
    """A workbook in the import layout; rows give values by column key."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ tiêu chí"
    sheet.append(["Thông tin", "Giá trị"])
    labels = {c.key: f"{c.label} ({c.key})" for c in criteria_io.SET_FIELDS}
    for key, value in (META if meta is None else meta).items():
        sheet.append([labels[key], value])
    criteria = book.create_sheet("Tiêu chí")
    criteria.append([f"{c.label} ({c.key})" for c in COLUMNS])
    for row in rows:
        criteria.append([row.get(c.key, "") for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    {"level": "group", "code": "I", "title": "An ninh, trật tự"},
    {"level": "criterion", "code": "1.1", "title": "Có trụ sở độc lập", "value_type": "yes_no",
     "comparison": "yes", "max_score": 10, "mandatory": "có", "evidence_required": "x"},
    {"level": "criterion", "code": "1.2", "title": "Tỷ lệ tin báo được giải quyết",
     "value_type": "percentage", "comparison": "≥", "target": 90, "max_score": 5},
    {"level": "criterion", "code": "1.3", "title": "Phòng cháy, chữa cháy"},
    {"level": "sub", "code": "1.3.1", "parent_code": "1.3", "title": "Cơ sở được kiểm tra",
     "value_type": "number", "comparison": "gte", "target": "12", "max_score": 2},
    {"level": "sub", "code": "1.3.2", "parent_code": "1.3", "title": "Xếp loại",
     "value_type": "choice", "choices": "Tốt | Khá | Trung bình", "comparison": "eq",
     "target": "Tốt", "max_score": 3},
]


def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


def dump(criteria_set: CriteriaSet) -> dict:
    """What a set says, without ids: for comparing two sets."""
    return {
        "meta": [criteria_set.name, criteria_set.legal_basis_number,
                 criteria_set.legal_basis_date, criteria_set.year_from, criteria_set.year_to,
                 criteria_set.pass_score, criteria_set.is_sample],
        "groups": list(criteria_set.groups.order_by("order").values_list("code", "title")),
        "criteria": [
            (c.group.code, c.parent.code if c.parent else "", c.code, c.title, c.guidance,
             c.value_type, c.choice_list, c.comparison, c.target, c.max_score, c.mandatory,
             c.evidence_required, c.legal_source, c.value_source, c.source_key)
            for c in criteria_set.criteria.select_related("group", "parent").order_by("order")
        ],
    }


def problems_of(data: bytes) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        criteria_io.read_xlsx(data)
    return [(p.sheet, p.row, p.column.split(" ")[0], p.message) for p in caught.value.errors]


def test_it_imports_a_clean_file_as_version_1(world):
    criteria_set = criteria_set_import(actor=coordinator(world), data=workbook(GOOD_ROWS))
    assert (criteria_set.version, criteria_set.legal_basis_date) == (1, date(2024, 4, 5))
    parent = criteria_set.criteria.get(code="1.3")
    assert sorted(parent.children.values_list("code", flat=True)) == ["1.3.1", "1.3.2"]
    assert parent.max_score == Decimal(5)  # the sum of its sub-criteria
    assert criteria_set.criteria.get(code="1.2").comparison == Criterion.Comparison.GTE
    assert criteria_set.criteria.get(code="1.1").evidence_required is True


def test_it_lists_every_error_by_sheet_row_and_column_and_stores_nothing(world, english):
    rows = [
        {"level": "criterion", "code": "0.1", "title": "Trước mọi nhóm", "value_type": "yes_no"},
        {"level": "group", "code": "I", "title": "Nhóm"},
        {"level": "criterion", "code": "1.1", "title": "Loại lạ", "value_type": "colour"},
        {"level": "sub", "code": "1.2", "parent_code": "9.9", "title": "Cha không có",
         "value_type": "yes_no"},
        {"level": "criterion", "code": "1.1", "title": "Trùng mã", "value_type": "yes_no"},
        {"level": "criterion", "code": "1.3", "title": "Lựa chọn", "value_type": "choice"},
        {"level": "criterion", "code": "1.4", "title": "Mục tiêu chữ", "value_type": "number",
         "comparison": "gte", "target": "nhiều"},
        {"level": "criterion", "code": "1.5", "title": "Ngoài lựa chọn", "value_type": "choice",
         "choices": "A|B", "comparison": "eq", "target": "C"},
        {"level": "criterion", "code": "1.6", "title": "Âm", "value_type": "yes_no",
         "max_score": -1},
        {"level": "criterion", "code": "1.7", "title": "", "value_type": "yes_no"},
        {"level": "criterion", "code": "1.8", "title": "Bắt buộc?", "value_type": "yes_no",
         "mandatory": "maybe"},
    ]
    meta = {**META, "decision_date": "31/02/2024", "year_from": 2030, "year_to": 2024}
    found = problems_of(workbook(rows, meta))
    located = {(sheet, row, column) for sheet, row, column, _message in found}
    assert located >= {
        ("Bộ tiêu chí", 4, "B"),  # bad date
        ("Bộ tiêu chí", 6, "B"),  # years reversed
        ("Tiêu chí", 2, "A"),  # criterion before any group
        ("Tiêu chí", 4, "F"),  # unknown value type
        ("Tiêu chí", 5, "C"),  # missing parent
        ("Tiêu chí", 6, "B"),  # duplicate code
        ("Tiêu chí", 7, "G"),  # choice without choices
        ("Tiêu chí", 8, "I"),  # target not a number
        ("Tiêu chí", 9, "I"),  # target not among the choices
        ("Tiêu chí", 10, "J"),  # negative max score
        ("Tiêu chí", 11, "D"),  # empty title
        ("Tiêu chí", 12, "K"),  # not yes/no
    }
    messages = " ".join(message for *_located, message in found)
    assert "“colour” is not a value type" in messages
    assert "No criterion has the parent code 9.9." in messages
    with pytest.raises(ImportErrors):
        criteria_set_import(actor=coordinator(world), data=workbook(rows, meta))
    assert CriteriaSet.objects.count() == 0
    assert Criterion.objects.count() == 0


def test_it_refuses_a_sub_criterion_whose_parent_is_itself_a_sub(english):
    rows = [*GOOD_ROWS, {"level": "sub", "code": "1.3.3", "parent_code": "1.3.1",
                         "title": "Cháu", "value_type": "yes_no"}]
    found = problems_of(workbook(rows))
    assert [(row, column) for _s, row, column, _m in found] == [(8, "C")]
    assert "only criteria have sub-criteria" in found[0][3]


def test_it_refuses_a_parent_score_that_differs_from_its_sub_criteria(english):
    rows = [dict(row) for row in GOOD_ROWS]
    rows[3]["max_score"] = 7
    found = problems_of(workbook(rows))
    assert [(row, column) for _s, row, column, _m in found] == [(5, "J")]


def test_it_refuses_a_pass_mark_above_the_total_score(english):
    found = problems_of(workbook(GOOD_ROWS, {**META, "pass_mark": 50}))
    assert found[0][:3] == ("Bộ tiêu chí", 7, "B")


def test_it_names_a_missing_column(english):
    book = load_workbook(io.BytesIO(workbook(GOOD_ROWS)))
    book["Tiêu chí"]["H1"] = "Something else"
    buffer = io.BytesIO()
    book.save(buffer)
    found = problems_of(buffer.getvalue())
    assert ("Tiêu chí", 1, "So", "The column “So sánh” is missing from the header row.") in found


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "The file is empty."),
    (b"name;code\nI;1.1\n", "This is not an Excel (.xlsx) file."),
])
def test_it_says_when_the_file_is_not_a_workbook(english, data, expected):
    found = problems_of(data)
    assert len(found) == 1
    assert found[0][3].startswith(expected)


def test_it_says_which_sheet_is_missing(english):
    book = Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    found = problems_of(buffer.getvalue())
    assert [sheet for sheet, *_rest in found] == ["Bộ tiêu chí", "Tiêu chí"]


def test_it_gives_back_the_same_set_after_export_and_import(world):
    original, _created = criteria_set_load_sample()
    again = criteria_set_import(actor=coordinator(world),
                                data=criteria_io.export_xlsx(original))
    assert again.pk != original.pk
    assert dump(again) == dump(original)


def test_it_offers_a_template_that_documents_the_layout():
    book = load_workbook(io.BytesIO(criteria_io.template_xlsx()))
    assert book.sheetnames == ["Bộ tiêu chí", "Tiêu chí", "Hướng dẫn"]
    assert book["Tiêu chí"]["F1"].value == "Kiểu giá trị (value_type)"
    assert book["Tiêu chí"].data_validations.dataValidation  # dropdowns for the enumerations
    assert "Kiểu giá trị" in " ".join(str(c.value) for c in book["Hướng dẫn"]["A"])


def test_it_loads_the_sample_once_with_all_six_groups():
    first, created = criteria_set_load_sample()
    second, created_again = criteria_set_load_sample()
    assert (created, created_again, first.pk) == (True, False, second.pk)
    assert CriteriaSet.objects.count() == 1
    assert first.is_sample and (first.year_from, first.year_to) == (2024, 2030)
    assert first.groups.count() == 6
    assert 20 <= first.criteria.filter(parent__isnull=True).count() <= 24
    top = first.criteria.filter(parent__isnull=True)
    assert sum(c.max_score for c in top) == Decimal(100)
    satisfaction = first.criteria.get(value_source=Criterion.ValueSource.CONSULTATION)
    assert satisfaction.mandatory and satisfaction.target == "90"


def test_it_copies_a_set_into_the_next_version_with_identical_criteria(world):
    original = criteria_set_import(actor=coordinator(world), data=workbook(GOOD_ROWS))
    copy = criteria_set_copy(actor=coordinator(world), criteria_set=original)
    assert (copy.version, copy.previous_version) == (2, original)
    assert dump(copy) == dump(original)
    assert not copy.criteria.filter(parent__criteria_set=original).exists()


def lock(criteria_set: CriteriaSet, ward) -> Assessment:
    assessment = assessment_for(ward, criteria_set=criteria_set)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    Transition.objects.create(assessment=assessment, from_state=Assessment.State.DRAFT,
                              to_state=Assessment.State.SUBMITTED)
    return assessment


def test_it_refuses_to_replace_a_locked_set_and_says_why(world, english):
    criteria_set = criteria_set_with(2)
    lock(criteria_set, world.ward)
    before = dump(criteria_set)
    with pytest.raises(ValidationError) as refused:
        criteria_set_replace(actor=coordinator(world), criteria_set=criteria_set,
                             data=workbook(GOOD_ROWS))
    message = refused.value.messages[0]
    assert "Phường Hoàn Kiếm" in message and "Only a copy can be changed" in message
    assert dump(criteria_set) == before


def test_it_refuses_to_edit_a_locked_set(world):
    criteria_set = criteria_set_with(2)
    lock(criteria_set, world.ward)
    with pytest.raises(ValidationError):
        criteria_set_update(actor=coordinator(world), criteria_set=criteria_set, name="Khác",
                            legal_basis_number="", legal_basis_date=None, year_from=2024,
                            year_to=2030, pass_score=Decimal(0))
    criteria_set.refresh_from_db()
    assert criteria_set.name == "Bộ tiêu chí thử"


def test_it_keeps_draft_values_of_criteria_that_stay_when_replacing(world):
    criteria_set = criteria_set_import(actor=coordinator(world), data=workbook(GOOD_ROWS))
    assessment = assessment_for(world.ward, criteria_set=criteria_set)
    AssessmentValue.objects.filter(assessment=assessment, criterion__code="1.1").update(
        value="yes")
    AssessmentValue.objects.filter(assessment=assessment, criterion__code="1.3.1").update(
        value="20")
    rows = [row for row in GOOD_ROWS if row["code"] != "1.3.1"]
    rows[3] = {**rows[3], "max_score": ""}
    rows.append({"level": "criterion", "code": "1.9", "title": "Mới", "value_type": "yes_no"})
    result = criteria_set_replace(actor=coordinator(world), criteria_set=criteria_set,
                                  data=workbook(rows))
    values = dict(assessment.values.values_list("criterion__code", "value"))
    assert values == {"1.1": "yes", "1.2": "", "1.3": "", "1.3.2": "", "1.9": ""}
    assert result.values_cleared == 1
    assessment.refresh_from_db()
    assert assessment.total_score == Decimal(10)  # 1.1 judged again and counted


def test_it_lets_only_managers_import(world):
    with pytest.raises(PermissionDenied):
        criteria_set_import(actor=world.user(Role.WARD_CHIEF), data=workbook(GOOD_ROWS))


def test_it_numbers_a_second_copy_after_the_first(world):
    original = criteria_set_with(1)
    criteria_set_copy(actor=coordinator(world), criteria_set=original)
    again = criteria_set_copy(actor=coordinator(world), criteria_set=original)
    assert again.version == 3


def test_it_exports_words_not_codes_and_reads_both_back():
    from io import BytesIO

    from openpyxl import load_workbook

    from assessments.criteria_io import export_xlsx, read_xlsx
    from testing.factories import criteria_set_with

    criteria_set = criteria_set_with(2)
    data = export_xlsx(criteria_set)
    sheet = load_workbook(BytesIO(data))[CRITERIA_SHEET]
    texts = {c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    assert {"nhóm", "tiêu chí", "có/không"} <= texts
    assert not {"group", "criterion", "yes_no", "gte", "entered"} & texts
    assert len(read_xlsx(data).criteria) == criteria_set.criteria.count()


def test_it_finds_the_header_under_a_title_an_official_added(english):
    book = load_workbook(io.BytesIO(workbook(GOOD_ROWS)))
    book["Tiêu chí"].insert_rows(1, amount=2)
    book["Tiêu chí"]["A1"] = "Bộ tiêu chí năm 2026 (bản sửa)"
    header = book["Tiêu chí"]["H3"].value
    book["Tiêu chí"]["H3"] = "Something else"  # the header is now row 3
    buffer = io.BytesIO()
    book.save(buffer)
    found = problems_of(buffer.getvalue())
    # Errors are located on the real rows: the missing column on row 3, nothing on row 1.
    assert ("Tiêu chí", 3, "So", "The column “So sánh” is missing from the header row.") in found
    assert not [p for p in found if p[1] in (1, 2)]
    book["Tiêu chí"]["H3"] = header
    buffer = io.BytesIO()
    book.save(buffer)
    assert [c.code for c in criteria_io.read_xlsx(buffer.getvalue()).criteria][:2] == ["1.1",
                                                                                       "1.2"]
