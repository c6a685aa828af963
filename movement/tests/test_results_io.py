"""The groups' results of a year from a spreadsheet (services.safety_results_import,
results_io) and back out of it (results_xlsx), through the services and the pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from assessments.models import CriteriaSet
from core.imports import ImportErrors
from core.spreadsheets import XLSX_CONTENT_TYPE
from movement import results_io, services
from movement.models import SafetyAssessment, SafetyValue
from movement.selectors import criteria_of
from movement.tests.conftest import assess, decision, registered
from testing.clients import login
from testing.clock import hanoi
from testing.factories import ResidentialGroupFactory
from testing.sheets import header_row, table

pytestmark = pytest.mark.django_db

YEAR = 2026
HEADINGS = ["Mã tổ", "Tên tổ", *(f"Tiêu chí {n}" for n in range(1, 7)), "Minh chứng"]
ALL_YES = ["Có"] * 6


@pytest.fixture
def group_set(standard_sets) -> CriteriaSet:
    return standard_sets[0]


@pytest.fixture
def criteria(group_set):
    return services.entered_criteria(criteria_of(group_set))


@pytest.fixture
def second_group(world):
    # A code with a leading zero: kept as text by the export and the import alike.
    return ResidentialGroupFactory(parent=world.ward, code="002", name="Tổ dân phố số 2")


@pytest.fixture
def officer(world):
    return world.user(Role.WARD_OFFICER)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _register(group_set, ward, *groups) -> list[SafetyAssessment]:
    """Registrations recorded directly (the suite's clock is past the 31/03 deadline)."""
    return [registered(group, ward, group_set, year=YEAR) for group in groups]


def _recognise(world, assessment: SafetyAssessment) -> None:
    """Assessed as meeting the standard, then named in the chairman's decision."""
    assess(world.user(Role.WARD_CHIEF), assessment)
    services.safety_groups_recognise(actor=world.user(Role.WARD_COMMITTEE), ward=world.ward,
                                     year=YEAR, assessments=[assessment], data=decision())


def _row(group, values=ALL_YES, evidence="Biên bản họp tổ"):
    return [group.code, group.name, *values, evidence]


def _xlsx_bytes(rows, headings=HEADINGS, title=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in title:
        sheet.append(line)
    sheet.append(list(headings))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx(rows, headings=HEADINGS, title=()) -> SimpleUploadedFile:
    return SimpleUploadedFile("ket-qua.xlsx", _xlsx_bytes(rows, headings, title))


def _import(world, actor, upload) -> int:
    return services.safety_results_import(actor=actor, ward=world.ward, year=YEAR,
                                          uploaded_file=upload)


def _errors(world, actor, upload) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportErrors) as caught:
        _import(world, actor, upload)
    return [(e.row, e.column) for e in caught.value.errors]


def _stored(assessment: SafetyAssessment) -> dict[str, tuple[str, str]]:
    """criterion code → (value, evidence) as stored."""
    return {v.criterion.code: (v.value, v.evidence)
            for v in SafetyValue.objects.filter(assessment=assessment).select_related(
                "criterion")}


def _assert_nothing_saved(*assessments: SafetyAssessment) -> None:
    for assessment in assessments:
        assert not SafetyValue.objects.filter(assessment=assessment).exists()
        assessment.refresh_from_db()
        assert (assessment.assessed_at, assessment.assessed_by, assessment.meets) == (
            None, None, None)


# --- A good file ------------------------------------------------------------------------

def test_it_assesses_the_registered_groups_from_a_good_xlsx(world, group_set, second_group,
                                                            officer):
    first, second = _register(group_set, world.ward, world.group, second_group)
    no_on_3 = ["Có", "Có", "Không", "Có", "Có", "Có"]

    count = _import(world, officer, _xlsx([_row(world.group),
                                           _row(second_group, no_on_3, "Có người nghiện mới")]))

    assert count == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.meets is True
    assert second.meets is False  # criterion 3 is mandatory
    assert (first.assessed_by, second.assessed_by) == (officer, officer)
    assert first.assessed_at is not None and second.assessed_at is not None
    assert _stored(first) == {str(n): ("yes", "Biên bản họp tổ") for n in range(1, 7)}
    assert _stored(second)["3"] == ("no", "Có người nghiện mới")
    assert [_stored(second)[str(n)][0] for n in (1, 2, 4, 5, 6)] == ["yes"] * 5


def test_it_reads_a_csv_with_semicolons_and_a_byte_order_mark(world, group_set, second_group,
                                                              officer):
    first, second = _register(group_set, world.ward, world.group, second_group)
    text = ("\ufeff" + ";".join(HEADINGS) + "\n"
            + ";".join(_row(world.group)) + "\n"
            + ";".join(_row(second_group, ["Không", *ALL_YES[1:]], "")) + "\n")
    upload = SimpleUploadedFile("ket-qua.csv", text.encode("utf-8"), content_type="text/csv")

    assert _import(world, officer, upload) == 2

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.meets, second.meets) == (True, False)
    assert _stored(second)["1"] == ("no", "")
    assert _stored(first)["6"] == ("yes", "Biên bản họp tổ")


def test_it_finds_the_header_under_a_title_block(world, group_set, officer):
    (assessment,) = _register(group_set, world.ward, world.group)
    title = [["Kết quả đánh giá tổ dân phố “An toàn về ANTT” năm 2026"],
             ["Phường Hoàn Kiếm"], ["Xuất lúc 09:00 ngày 25/11/2026."], []]

    assert _import(world, officer, _xlsx([_row(world.group)], title=title)) == 1

    assessment.refresh_from_db()
    assert assessment.meets is True
    assert len(_stored(assessment)) == 6


def test_it_assesses_groups_registered_in_march_through_the_service(
        world, group_set, second_group, time_machine):
    chief = world.user(Role.WARD_CHIEF)
    time_machine.move_to(hanoi(YEAR, 3, 20))
    assert services.safety_register(actor=chief, ward=world.ward, year=YEAR,
                                    groups=[world.group, second_group]) == 2
    time_machine.move_to(hanoi(YEAR, 11, 25))

    count = _import(world, chief, _xlsx([
        _row(world.group), _row(second_group, [*ALL_YES[:5], "Không"])]))

    assert count == 2
    rows = {a.unit_id: a for a in SafetyAssessment.objects.filter(year=YEAR)}
    assert rows[world.group.pk].registered_on == date(YEAR, 3, 20)
    assert (rows[world.group.pk].meets, rows[second_group.pk].meets) == (True, False)
    assert rows[second_group.pk].assessed_by == chief


# --- A bad file: every problem at once, nothing saved -----------------------------------

def test_it_refuses_a_value_that_is_neither_yes_nor_no(world, group_set, english, officer):
    (assessment,) = _register(group_set, world.ward, world.group)
    upload = _xlsx([_row(world.group, ["Có", "có lẽ", *ALL_YES[2:]])])

    with pytest.raises(ImportErrors) as caught:
        _import(world, officer, upload)

    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (2, "Tiêu chí 2", "Choose “yes” or “no”.")]
    _assert_nothing_saved(assessment)


def test_it_refuses_a_code_used_twice(world, group_set, officer):
    (assessment,) = _register(group_set, world.ward, world.group)

    assert _errors(world, officer, _xlsx([_row(world.group), _row(world.group)])) == [
        (3, "Mã tổ")]
    _assert_nothing_saved(assessment)


def test_it_refuses_a_code_the_ward_does_not_have(world, group_set, officer):
    (assessment,) = _register(group_set, world.ward, world.group)
    # The other ward's group: registered there, but not a group of this ward.
    (elsewhere,) = _register(group_set, world.other_ward, world.other_group)
    upload = _xlsx([_row(world.group), _row(world.other_group), [
        "KHONG-CO", "Tổ không có", *ALL_YES, ""]])

    assert _errors(world, officer, upload) == [(3, "Mã tổ"), (4, "Mã tổ")]
    _assert_nothing_saved(assessment, elsewhere)


def test_it_refuses_a_group_that_did_not_register(world, group_set, second_group, english,
                                                  officer):
    (assessment,) = _register(group_set, world.ward, world.group)

    with pytest.raises(ImportErrors) as caught:
        _import(world, officer, _xlsx([_row(world.group), _row(second_group)]))

    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (3, "Mã tổ", "Tổ dân phố số 2 did not register for 2026.")]
    _assert_nothing_saved(assessment)
    assert not SafetyAssessment.objects.filter(unit=second_group).exists()


def test_it_refuses_a_group_already_recognised(world, group_set, second_group, officer, media):
    first, recognised = _register(group_set, world.ward, world.group, second_group)
    _recognise(world, recognised)
    before = _stored(recognised)

    assert _errors(world, officer, _xlsx([
        _row(world.group), _row(second_group, [*ALL_YES[:5], "Không"])])) == [(3, "Mã tổ")]
    _assert_nothing_saved(first)
    recognised.refresh_from_db()
    assert recognised.meets is True
    assert _stored(recognised) == before
    assert before["6"] == ("yes", "Biên bản")


def test_it_lists_every_bad_row_of_a_file_at_once(world, group_set, second_group, officer,
                                                  media):
    # One pass: an official fixes the whole file at once, whether a problem is in a cell
    # (a value, a repeated code) or in what the code names (unknown, unregistered,
    # recognised). Header problems (a missing or unknown column) stop earlier, on their own.
    unregistered = ResidentialGroupFactory(parent=world.ward, code="003")
    recognised_group = ResidentialGroupFactory(parent=world.ward, code="004")
    first, second, recognised = _register(group_set, world.ward, world.group, second_group,
                                          recognised_group)
    _recognise(world, recognised)
    upload = _xlsx([
        _row(world.group),                                    # row 2: good
        _row(second_group, ["Có", "có lẽ", *ALL_YES[2:]]),     # row 3: bad value
        ["KHONG-CO", "Tổ không có", *ALL_YES, ""],             # row 4: unknown code
        _row(world.group),                                    # row 5: code used twice
        _row(unregistered),                                   # row 6: did not register
        # row 7: already recognised, and the file would change its result
        _row(recognised_group, [*ALL_YES[:2], "Không", *ALL_YES[3:]]),
    ])

    assert _errors(world, officer, upload) == [
        (3, "Tiêu chí 2"), (4, "Mã tổ"), (5, "Mã tổ"), (6, "Mã tổ"), (7, "Mã tổ")]
    _assert_nothing_saved(first, second)


def test_it_reports_a_missing_criterion_column_and_an_unknown_column(world, group_set,
                                                                     english, officer):
    (assessment,) = _register(group_set, world.ward, world.group)
    headings = [*HEADINGS[:7], "Ghi chú", "Minh chứng"]  # "Tiêu chí 6" became "Ghi chú"

    with pytest.raises(ImportErrors) as caught:
        _import(world, officer, _xlsx([_row(world.group)], headings=headings))

    assert [(e.row, e.column) for e in caught.value.errors] == [
        (1, "Ghi chú"), (1, "Tiêu chí 6")]
    assert caught.value.errors[1].message == "This column is missing."
    assert caught.value.errors[0].message.startswith("Unknown column.")
    _assert_nothing_saved(assessment)


def test_it_refuses_a_group_assessed_against_another_set(world, group_set, second_group,
                                                         officer):
    first, second = _register(group_set, world.ward, world.group, second_group)
    # An older set, which no longer applies to the year: the file's columns are not its.
    other_set = CriteriaSet.objects.create(
        name="Bộ cũ", year_from=2024, year_to=2025, purpose=CriteriaSet.Purpose.SAFE_GROUP)
    second.criteria_set = other_set
    second.save()

    assert _errors(world, officer, _xlsx([_row(world.group), _row(second_group)])) == [
        (3, "Mã tổ")]
    _assert_nothing_saved(first, second)


# --- The export and the round trip -------------------------------------------------------

def test_it_exports_a_title_block_above_the_header_row(world, group_set, second_group,
                                                       officer, client, time_machine):
    time_machine.move_to(hanoi(YEAR, 11, 25, 14, 30))
    _register(group_set, world.ward, world.group, second_group)
    _import(world, officer, _xlsx([_row(world.group, [*ALL_YES[:3], "Không", "Có", "Có"])]))
    login(client, officer)

    response = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="an-toan-antt-00070-2026.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kết quả đánh giá tổ dân phố “An toàn về ANTT” năm 2026"
    assert sheet["A2"].value == "Phường Hoàn Kiếm"
    assert sheet["A3"].value.startswith("Xuất lúc 14:30 ngày 25/11/2026")
    assert header_row(sheet) == 5
    headings, rows = table(sheet)
    assert headings == HEADINGS
    assert rows == [
        ("002", "Tổ dân phố số 2", *[None] * 6, None),
        (world.group.code, world.group.name, "Có", "Có", "Có", "Không", "Có", "Có",
         "Biên bản họp tổ"),
    ]


def test_it_imports_its_own_export_back_unchanged(world, group_set, second_group, officer,
                                                  client):
    first, second = _register(group_set, world.ward, world.group, second_group)
    _import(world, officer, _xlsx([
        _row(world.group), _row(second_group, ["Không", *ALL_YES[1:]], "Tổ có vụ việc")]))
    before = (_stored(first), _stored(second))
    login(client, officer)
    exported = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))

    response = client.post(
        reverse("movement:results_import", args=[world.ward.code, YEAR]),
        {"file": SimpleUploadedFile("an-toan-antt-00070-2026.xlsx", exported.content)})

    assert response.status_code == 302
    assert response["Location"] == reverse("movement:ward", args=[world.ward.code, YEAR])
    assert (_stored(first), _stored(second)) == before
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.meets, second.meets) == (True, False)
    again = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))
    assert table(load_workbook(io.BytesIO(again.content)).active) == table(
        load_workbook(io.BytesIO(exported.content)).active)


def test_it_imports_back_an_export_that_lists_an_unregistered_group(world, group_set,
                                                                    second_group, officer,
                                                                    client):
    # The import page offers the export as the template to fill in, and the export lists
    # every group of the ward: a ward where one group did not register must still be able
    # to fill it in and upload it as it is.
    (first,) = _register(group_set, world.ward, world.group)
    login(client, officer)
    exported = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))
    book = load_workbook(io.BytesIO(exported.content))
    sheet = book.active
    top = header_row(sheet)
    row = next(r for r in range(top + 1, sheet.max_row + 1)
               if sheet.cell(r, 1).value == world.group.code)
    for column in range(3, 9):
        sheet.cell(row, column).value = "Có"
    out = io.BytesIO()
    book.save(out)

    response = client.post(
        reverse("movement:results_import", args=[world.ward.code, YEAR]),
        {"file": SimpleUploadedFile("ket-qua.xlsx", out.getvalue())})

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.meets is True
    assert not SafetyAssessment.objects.filter(unit=second_group).exists()


# --- The pages ----------------------------------------------------------------------------

def test_it_assesses_from_the_import_page_and_says_how_many(world, group_set, officer,
                                                            client):
    (assessment,) = _register(group_set, world.ward, world.group)
    login(client, officer)
    url = reverse("movement:results_import", args=[world.ward.code, YEAR])

    page = client.get(url)
    response = client.post(url, {"file": _xlsx([_row(world.group)])}, follow=True)

    assert page.status_code == 200
    assert "Nhập kết quả đánh giá các tổ năm 2026" in page.content.decode()
    assert response.redirect_chain == [
        (reverse("movement:ward", args=[world.ward.code, YEAR]), 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã đánh giá 1 tổ từ tệp."]
    assessment.refresh_from_db()
    assert assessment.meets is True


def test_it_lists_the_problems_on_the_page_in_vietnamese(world, group_set, officer, client):
    (assessment,) = _register(group_set, world.ward, world.group)
    login(client, officer)
    upload = _xlsx([_row(world.group, ["có lẽ", *ALL_YES[1:]]), _row(world.group)])

    response = client.post(reverse("movement:results_import", args=[world.ward.code, YEAR]),
                           {"file": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập dữ liệu nào: tệp có 2 lỗi." in html
    assert "Chọn “có” hoặc “không”." in html
    assert "Mã này đã dùng ở dòng 2." in html
    _assert_nothing_saved(assessment)


def test_it_forbids_the_import_page_to_the_ward_front(world, group_set, client):
    (assessment,) = _register(group_set, world.ward, world.group)
    login(client, world.user(Role.WARD_FRONT))
    url = reverse("movement:results_import", args=[world.ward.code, YEAR])

    assert client.get(url).status_code == 403
    assert client.post(url, {"file": _xlsx([_row(world.group)])}).status_code == 403
    _assert_nothing_saved(assessment)


def test_it_hides_the_import_page_from_another_ward(world, group_set, client):
    (assessment,) = _register(group_set, world.ward, world.group)
    login(client, world.user(Role.WARD_OFFICER, own=False))
    url = reverse("movement:results_import", args=[world.ward.code, YEAR])

    assert client.get(url).status_code == 404
    assert client.post(url, {"file": _xlsx([_row(world.group)])}).status_code == 404
    assert client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR])
                      ).status_code == 404
    _assert_nothing_saved(assessment)


def test_it_lets_a_city_coordinator_export_a_wards_results(world, group_set, officer, client):
    _register(group_set, world.ward, world.group)
    _import(world, officer, _xlsx([_row(world.group)]))
    login(client, world.user(Role.CITY_COORDINATOR))

    response = client.get(reverse("movement:results_xlsx", args=[world.ward.code, YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    headings, rows = table(load_workbook(io.BytesIO(response.content)).active)
    assert headings == HEADINGS
    assert rows == [(world.group.code, world.group.name, *ALL_YES, "Biên bản họp tổ")]


def test_it_reads_the_bare_criterion_code_as_a_heading(criteria):
    headings = ["Mã", *(c.code for c in criteria)]
    parsed, errors = results_io.parse_results(
        _xlsx([["A1", "có", "không", "Có", "KHÔNG", "có", "có"]], headings=headings), criteria)
    assert errors == []

    assert [(r.row, r.code, r.evidence) for r in parsed] == [(2, "A1", "")]
    assert [parsed[0].values[c.pk] for c in criteria] == ["yes", "no", "yes", "no", "yes",
                                                          "yes"]


def test_it_leaves_the_rows_an_export_lists_without_values(world, group_set, second_group,
                                                          officer, media):
    # An untouched export: a recognised group as it was, a registered group not assessed
    # yet (all cells blank). Neither is a problem, and nothing is marked assessed.
    first, second = _register(group_set, world.ward, world.group, second_group)
    _recognise(world, first)
    upload = _xlsx([_row(world.group), [second_group.code, second_group.name, *[""] * 6, ""]])

    assert _import(world, officer, upload) == 0
    _assert_nothing_saved(second)
    first.refresh_from_db()
    assert first.is_recognised and first.meets is True
