"""The wards' staffing and training attendance from spreadsheets (services.staffing_import,
services.attendance_import, force_io) and back out of them (the XLSX exports), through the
services and the pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from core.imports import ImportErrors
from core.spreadsheets import XLSX_CONTENT_TYPE
from force import services
from force.models import Attendance, Course, Staffing, TrainingPlan
from testing.clients import login
from testing.clock import hanoi
from testing.sheets import header_row, table

pytestmark = pytest.mark.django_db

YEAR = 2026
STAFFING_HEADINGS = ["Mã phường", "Tên phường", "Biên chế", "Quân số", "Lãnh đạo",
                     "Đại học trở lên", "Đào tạo CAND", "Trung cấp LLCT trở lên", "Ngoại ngữ",
                     "Tin học", "Bồi dưỡng dân vận", "Cư trú tại phường", "Tuổi bình quân"]
STAFFING_KEYS = ["establishment", "headcount", "leaders", "university", "police_training",
                 "political_theory", "foreign_language", "it_skills", "mass_mobilisation",
                 "living_in_ward", "average_age"]
ATTENDANCE_HEADINGS = ["Mã phường", "Tên phường", "Mã khóa", "Khóa học", "Số được đào tạo",
                       "Số đạt"]
# A ward's figures: 30 posts, 25 officers, every count within the headcount.
HOAN_KIEM = {"establishment": 30, "headcount": 25, "leaders": 4, "university": 18,
             "police_training": 25, "political_theory": 6, "foreign_language": 9,
             "it_skills": 20, "mass_mobilisation": 12, "living_in_ward": 7,
             "average_age": Decimal("32.5")}
BA_DINH = {"establishment": 22, "headcount": 20, "leaders": 3, "university": 15,
           "police_training": 20, "political_theory": 4, "foreign_language": 5,
           "it_skills": 16, "mass_mobilisation": 10, "living_in_ward": 2,
           "average_age": Decimal("35")}


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


# --- Files ----------------------------------------------------------------------------------

def _xlsx(headings: list[str], rows: list[list[Any]], name: str = "tep.xlsx"
          ) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _csv(headings: list[str], rows: list[list[Any]]) -> SimpleUploadedFile:
    # As Excel saves a CSV on a Vietnamese Windows: a byte order mark and semicolons.
    lines = [";".join(headings), *(";".join(str(cell) for cell in row) for row in rows)]
    return SimpleUploadedFile("tep.csv", ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"),
                              content_type="text/csv")


def _staffing_row(ward, values: dict[str, Any] = HOAN_KIEM, **changes: Any) -> list[Any]:
    merged = {**values, **changes}
    return [ward.code, ward.name, *(merged[key] for key in STAFFING_KEYS)]


def _stored_staffing(ward) -> dict[str, Any]:
    row = Staffing.objects.get(ward=ward, year=YEAR)
    return {key: getattr(row, key) for key in STAFFING_KEYS}


def _import_staffing(world, actor, upload) -> int:
    return services.staffing_import(actor=actor, province=world.province, year=YEAR,
                                    uploaded_file=upload)


def _staffing_errors(world, actor, upload) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        _import_staffing(world, actor, upload)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


# --- Staffing: good files -------------------------------------------------------------------

def test_it_imports_every_wards_staffing_from_a_good_xlsx(world, coordinator):
    upload = _xlsx(STAFFING_HEADINGS, [_staffing_row(world.ward),
                                       _staffing_row(world.other_ward, BA_DINH)])

    assert _import_staffing(world, coordinator, upload) == 2

    assert _stored_staffing(world.ward) == HOAN_KIEM
    assert _stored_staffing(world.other_ward) == BA_DINH
    assert set(Staffing.objects.values_list("year", "recorded_by")) == {(YEAR, coordinator.pk)}


def test_it_imports_a_csv_with_semicolons_and_a_decimal_comma(world, coordinator):
    upload = _csv(STAFFING_HEADINGS, [
        _staffing_row(world.ward, average_age="32,5"),
        # Blank counts are 0; a blank average age stays unknown.
        [world.other_ward.code, world.other_ward.name, "22", "20", *[""] * 9],
    ])

    assert _import_staffing(world, coordinator, upload) == 2

    assert _stored_staffing(world.ward) == HOAN_KIEM
    assert _stored_staffing(world.other_ward) == {
        "establishment": 22, "headcount": 20, **dict.fromkeys(STAFFING_KEYS[2:-1], 0),
        "average_age": None}


def test_it_reads_the_other_headings_it_accepts(world, coordinator):
    headings = ["Mã xã, phường", "Tên xã, phường", "Biên chế", "Quân số thực tế", "Dân vận"]

    count = _import_staffing(world, coordinator, _xlsx(headings, [
        [world.ward.code, world.ward.name, 30, 25, 12]]))

    assert count == 1
    stored = _stored_staffing(world.ward)
    assert (stored["establishment"], stored["headcount"], stored["mass_mobilisation"]) == (
        30, 25, 12)


def test_it_lets_a_ward_chief_import_the_wards_own_row(world):
    chief = world.user(Role.WARD_CHIEF)

    assert _import_staffing(world, chief, _xlsx(STAFFING_HEADINGS,
                                                [_staffing_row(world.ward)])) == 1

    assert _stored_staffing(world.ward) == HOAN_KIEM


def test_it_corrects_a_wards_staffing_already_recorded(world, coordinator):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=BA_DINH)

    _import_staffing(world, coordinator, _xlsx(STAFFING_HEADINGS,
                                               [_staffing_row(world.ward)]))

    assert Staffing.objects.filter(ward=world.ward).count() == 1
    assert _stored_staffing(world.ward) == HOAN_KIEM


# --- Staffing: bad files, every problem at once, nothing saved -----------------------------

def test_it_lists_every_bad_staffing_row_at_once_and_saves_nothing(world, coordinator):
    upload = _xlsx(STAFFING_HEADINGS, [
        _staffing_row(world.ward),                                      # row 2: good
        _staffing_row(world.other_ward, BA_DINH, establishment="hai"),  # row 3: bad number
        _staffing_row(world.far_ward, BA_DINH),                         # row 4: other province
        ["99999", "Phường không có", *(BA_DINH[k] for k in STAFFING_KEYS)],  # row 5: unknown
        _staffing_row(world.ward),                                      # row 6: code twice
    ])

    assert _staffing_errors(world, coordinator, upload) == [
        (3, "Biên chế", "“hai” không phải số nguyên từ 0 đến 1000."),
        (4, "Mã phường", "Không có xã, phường hiện hành nào mã 26734."),
        (5, "Mã phường", "Không có xã, phường hiện hành nào mã 99999."),
        (6, "Mã phường", "Mã này đã dùng ở dòng 2."),
    ]
    assert not Staffing.objects.exists()


def test_it_refuses_a_count_above_the_headcount(world, coordinator):
    upload = _xlsx(STAFFING_HEADINGS, [
        _staffing_row(world.ward),
        _staffing_row(world.other_ward, BA_DINH, university=21, living_in_ward=40),
    ])

    assert _staffing_errors(world, coordinator, upload) == [
        (3, "Đại học trở lên",
         "Số Đại học trở lên (21) không được lớn hơn quân số (20)."),
        (3, "Cư trú tại phường",
         "Số Cư trú tại phường (40) không được lớn hơn quân số (20)."),
    ]
    assert not Staffing.objects.exists()


def test_it_refuses_a_ward_users_row_for_another_ward(world):
    chief = world.user(Role.WARD_CHIEF)
    upload = _xlsx(STAFFING_HEADINGS, [_staffing_row(world.ward),
                                       _staffing_row(world.other_ward, BA_DINH)])

    assert _staffing_errors(world, chief, upload) == [
        (3, "Mã phường", "Bạn không có quyền cập nhật số liệu của Phường Ba Đình.")]
    assert not Staffing.objects.exists()


def test_it_reports_each_kind_of_bad_row_in_one_file(world):
    # One pass: a ward chief's file with a bad number, a count above the headcount, an
    # unknown code, a repeated code and another ward's row gets all five problems back.
    chief = world.user(Role.WARD_CHIEF)
    upload = _xlsx(STAFFING_HEADINGS, [
        _staffing_row(world.ward, leaders="3,5"),                     # row 2
        _staffing_row(world.ward, it_skills=26),                      # row 3 (and twice)
        ["00099", "Phường không có", *(HOAN_KIEM[k] for k in STAFFING_KEYS)],  # row 4
        _staffing_row(world.other_ward, BA_DINH),                     # row 5
    ])

    assert [(row, column) for row, column, _message in
            _staffing_errors(world, chief, upload)] == [
        (2, "Lãnh đạo"), (3, "Mã phường"), (3, "Tin học"), (4, "Mã phường"),
        (5, "Mã phường")]
    assert not Staffing.objects.exists()


def test_it_reports_a_headcount_past_the_limit_by_row(world, coordinator):
    upload = _xlsx(STAFFING_HEADINGS, [
        _staffing_row(world.ward, establishment=600, headcount=1500),
        _staffing_row(world.other_ward, BA_DINH),
    ])

    assert [(row, column) for row, column, _message in
            _staffing_errors(world, coordinator, upload)] == [(2, "Quân số")]
    assert not Staffing.objects.exists()


def test_it_names_a_missing_column(world, coordinator):
    headings = [h for h in STAFFING_HEADINGS if h != "Quân số"]
    row = [c for n, c in enumerate(_staffing_row(world.ward)) if n != 3]

    assert _staffing_errors(world, coordinator, _xlsx(headings, [row])) == [
        (1, "Quân số", "Thiếu cột này.")]
    assert not Staffing.objects.exists()


def test_it_refuses_a_year_that_has_not_begun(world, coordinator):
    with pytest.raises(ValidationError):
        services.staffing_import(actor=coordinator, province=world.province, year=YEAR + 1,
                                 uploaded_file=_xlsx(STAFFING_HEADINGS,
                                                     [_staffing_row(world.ward)]))
    assert not Staffing.objects.exists()


# --- Staffing: the page, the export and the round trip --------------------------------------

def test_it_imports_staffing_from_the_page_and_says_how_many(world, coordinator, client):
    login(client, coordinator)
    url = reverse("force:import", args=[YEAR, "staffing"])

    page = client.get(url)
    response = client.post(url, {"file": _xlsx(STAFFING_HEADINGS, [
        _staffing_row(world.ward), _staffing_row(world.other_ward, BA_DINH)])}, follow=True)

    assert page.status_code == 200
    assert "Nhập số liệu biên chế, quân số năm 2026" in page.content.decode()
    assert response.redirect_chain == [(reverse("force:overview") + f"?year={YEAR}", 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nhập 2 dòng."]
    assert _stored_staffing(world.other_ward) == BA_DINH


def test_it_lists_the_staffing_problems_on_the_page(world, coordinator, client):
    login(client, coordinator)
    upload = _xlsx(STAFFING_HEADINGS, [_staffing_row(world.ward, headcount="x"),
                                       _staffing_row(world.ward)])

    response = client.post(reverse("force:import", args=[YEAR, "staffing"]), {"file": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập dữ liệu nào: tệp có 2 lỗi." in html
    assert "“x” không phải số nguyên từ 0 đến 1000." in html
    assert "Mã này đã dùng ở dòng 2." in html
    assert not Staffing.objects.exists()


def test_it_exports_the_staffing_under_a_title_block(world, coordinator, client, time_machine):
    time_machine.move_to(hanoi(YEAR, 11, 25, 14, 30))
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=HOAN_KIEM)
    login(client, coordinator)

    response = client.get(reverse("force:staffing_xlsx", args=[YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bien-che-quan-so-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Biên chế, quân số Công an phường năm 2026"
    assert sheet["A2"].value == "Thành phố Hà Nội"
    assert sheet["A3"].value.startswith("Xuất lúc 14:30 ngày 25/11/2026")
    assert header_row(sheet) == 5
    headings, rows = table(sheet)
    assert headings == STAFFING_HEADINGS
    # Every ward of the province by name (not the other province's), blank when unrecorded.
    assert rows == [
        ("00004", "Phường Ba Đình", *[None] * 11),
        ("00070", "Phường Hoàn Kiếm", 30, 25, 4, 18, 25, 6, 9, 20, 12, 7, 32.5),
    ]


def test_it_imports_its_own_staffing_export_back_unchanged(world, coordinator, client):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=HOAN_KIEM)
    services.staffing_save(actor=coordinator, ward=world.other_ward, year=YEAR, values=BA_DINH)
    login(client, coordinator)
    exported = client.get(reverse("force:staffing_xlsx", args=[YEAR]))

    response = client.post(reverse("force:import", args=[YEAR, "staffing"]), {
        "file": SimpleUploadedFile("bien-che-quan-so-2026.xlsx", exported.content)})

    assert response.status_code == 302
    assert Staffing.objects.count() == 2
    assert _stored_staffing(world.ward) == HOAN_KIEM
    assert _stored_staffing(world.other_ward) == BA_DINH
    again = client.get(reverse("force:staffing_xlsx", args=[YEAR]))
    assert table(load_workbook(io.BytesIO(again.content)).active) == table(
        load_workbook(io.BytesIO(exported.content)).active)


def test_it_leaves_a_ward_without_figures_as_it_was_on_the_round_trip(world, coordinator,
                                                                     client):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=HOAN_KIEM)
    login(client, coordinator)
    exported = client.get(reverse("force:staffing_xlsx", args=[YEAR]))

    response = client.post(reverse("force:import", args=[YEAR, "staffing"]), {
        "file": SimpleUploadedFile("bien-che-quan-so-2026.xlsx", exported.content)})

    assert response.status_code == 302
    assert _stored_staffing(world.ward) == HOAN_KIEM
    assert not Staffing.objects.filter(ward=world.other_ward).exists()


# --- Attendance -----------------------------------------------------------------------------

def _course(actor, plan: TrainingPlan, title: str, starts_on: date, ends_on: date,
            subject: str = Course.Subject.PROFESSIONAL) -> Course:
    return services.course_save(actor=actor, plan=plan, data=services.CourseInput(
        title=title, subject=subject, starts_on=starts_on, ends_on=ends_on,
        organiser="Trường Cao đẳng Cảnh sát nhân dân I", places_per_ward=5))


@pytest.fixture
def plan(world, coordinator) -> TrainingPlan:
    """A published plan: two courses already held, one starting in December. Created out of
    order: a course's number in the plan follows its first day."""
    plan = services.training_plan_save(actor=coordinator, province=world.province, year=YEAR,
                                       title="Kế hoạch đào tạo, bồi dưỡng năm 2026")
    _course(coordinator, plan, "Tin học cơ bản", date(YEAR, 6, 1), date(YEAR, 6, 5),
            Course.Subject.IT)
    _course(coordinator, plan, "Kỹ năng dân vận", date(YEAR, 3, 2), date(YEAR, 3, 6),
            Course.Subject.MASS_MOBILISATION)
    _course(coordinator, plan, "Tiếng Anh giao tiếp", date(YEAR, 12, 7), date(YEAR, 12, 11),
            Course.Subject.FOREIGN_LANGUAGE)
    return services.training_plan_publish(actor=coordinator, plan=plan)


def _numbered(plan: TrainingPlan) -> dict[int, Course]:
    titles = {1: "Kỹ năng dân vận", 2: "Tin học cơ bản", 3: "Tiếng Anh giao tiếp"}
    return {n: plan.courses.get(title=title) for n, title in titles.items()}


def _stored_attendance(plan: TrainingPlan) -> set[tuple[str, str, int, int]]:
    return set(Attendance.objects.filter(course__plan=plan).values_list(
        "ward__code", "course__title", "trained", "passed"))


def _import_attendance(actor, plan, upload) -> int:
    return services.attendance_import(actor=actor, plan=plan, uploaded_file=upload)


def _attendance_errors(actor, plan, upload) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        _import_attendance(actor, plan, upload)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def _a_row(ward, course: Any, trained: Any, passed: Any, title: str = "") -> list[Any]:
    return [ward.code, ward.name, course, title, trained, passed]


def test_it_imports_attendance_by_ward_and_course_number(world, coordinator, plan):
    upload = _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9), _a_row(world.ward, 2, 6, 6),
        _a_row(world.other_ward, 1, 4, 3),
    ])

    assert _import_attendance(coordinator, plan, upload) == 3

    assert _stored_attendance(plan) == {
        ("00070", "Kỹ năng dân vận", 10, 9), ("00070", "Tin học cơ bản", 6, 6),
        ("00004", "Kỹ năng dân vận", 4, 3)}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {coordinator.pk}


def test_it_imports_attendance_from_a_csv(world, coordinator, plan):
    upload = _csv(["Mã phường", "Mã khóa", "Số được đào tạo", "Số đạt"], [
        ["00070", "2", "7", "5"], ["00004", "2", "3", "0"]])

    assert _import_attendance(coordinator, plan, upload) == 2

    assert _stored_attendance(plan) == {("00070", "Tin học cơ bản", 7, 5),
                                        ("00004", "Tin học cơ bản", 3, 0)}


def test_it_lists_every_bad_attendance_row_at_once_and_saves_nothing(world, coordinator,
                                                                     plan):
    start = f"{_numbered(plan)[3].starts_on:%d/%m/%Y}"
    upload = _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9),          # row 2: good
        _a_row(world.ward, 9, 3, 3),           # row 3: no course 9
        _a_row(world.ward, 3, 3, 3),           # row 4: starts in December
        _a_row(world.other_ward, 2, 4, 6),     # row 5: more passed than trained
        _a_row(world.ward, 1, 2, 2),           # row 6: ward and course twice
        _a_row(world.other_ward, "một", 2, 2),  # row 7: not a number
        ["00099", "Phường không có", 2, "", 2, 2],  # row 8: unknown ward
    ])

    assert _attendance_errors(coordinator, plan, upload) == [
        (3, "Mã khóa", "Kế hoạch không có khóa học số 9."),
        (4, "Mã khóa", f"Khóa học bắt đầu ngày {start}."),
        (5, "Số đạt", "Số đạt (6) lớn hơn số được đào tạo (4)."),
        (6, "Mã khóa", "Phường và khóa học này đã có ở dòng 2."),
        (7, "Mã khóa", "“một” không phải số thứ tự khóa học trong kế hoạch."),
        (8, "Mã phường", "Không có xã, phường hiện hành nào mã 00099."),
    ]
    assert not Attendance.objects.exists()


def test_it_refuses_a_ward_users_attendance_for_another_ward(world, plan):
    chief = world.user(Role.WARD_CHIEF)
    upload = _xlsx(ATTENDANCE_HEADINGS, [_a_row(world.ward, 1, 10, 9),
                                         _a_row(world.other_ward, 1, 4, 3)])

    assert _attendance_errors(chief, plan, upload) == [
        (3, "Mã phường", "Bạn không có quyền cập nhật số liệu của Phường Ba Đình.")]
    assert not Attendance.objects.exists()
    assert _import_attendance(chief, plan, _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9)])) == 1


def test_it_refuses_attendance_for_a_plan_not_published(world, coordinator):
    draft = services.training_plan_save(actor=coordinator, province=world.province,
                                        year=YEAR, title="Kế hoạch dự thảo")
    _course(coordinator, draft, "Kỹ năng dân vận", date(YEAR, 3, 2), date(YEAR, 3, 6))

    with pytest.raises(ValidationError) as caught:
        _import_attendance(coordinator, draft, _xlsx(ATTENDANCE_HEADINGS, [
            _a_row(world.ward, 1, 10, 9)]))

    assert caught.value.code == "unpublished"
    assert not Attendance.objects.exists()


def test_it_refuses_one_course_written_two_ways_for_a_ward(world, coordinator, plan):
    upload = _csv(["Mã phường", "Mã khóa", "Số được đào tạo", "Số đạt"], [
        ["00070", "1", "10", "9"], ["00070", "01", "6", "2"]])

    assert [(row, column) for row, column, _m in
            _attendance_errors(coordinator, plan, upload)] == [(3, "Mã khóa")]
    assert not Attendance.objects.exists()


def test_it_exports_the_attendance_of_every_ward_and_course(world, coordinator, plan, client):
    _import_attendance(coordinator, plan, _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9)]))
    login(client, coordinator)

    response = client.get(reverse("force:attendance_xlsx", args=[YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="ket-qua-dao-tao-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kết quả đào tạo, bồi dưỡng năm 2026"
    assert sheet["A2"].value == "Thành phố Hà Nội"
    assert header_row(sheet) == 5
    headings, rows = table(sheet)
    assert headings == ATTENDANCE_HEADINGS
    assert rows == [
        ("00004", "Phường Ba Đình", 1, "Kỹ năng dân vận", None, None),
        ("00004", "Phường Ba Đình", 2, "Tin học cơ bản", None, None),
        ("00004", "Phường Ba Đình", 3, "Tiếng Anh giao tiếp", None, None),
        ("00070", "Phường Hoàn Kiếm", 1, "Kỹ năng dân vận", 10, 9),
        ("00070", "Phường Hoàn Kiếm", 2, "Tin học cơ bản", None, None),
        ("00070", "Phường Hoàn Kiếm", 3, "Tiếng Anh giao tiếp", None, None),
    ]


@pytest.fixture
def held_plan(world, coordinator) -> TrainingPlan:
    """A published plan whose two courses have both been held."""
    plan = services.training_plan_save(actor=coordinator, province=world.province, year=YEAR,
                                       title="Kế hoạch đào tạo, bồi dưỡng năm 2026")
    _course(coordinator, plan, "Kỹ năng dân vận", date(YEAR, 3, 2), date(YEAR, 3, 6))
    _course(coordinator, plan, "Tin học cơ bản", date(YEAR, 6, 1), date(YEAR, 6, 5))
    return services.training_plan_publish(actor=coordinator, plan=plan)


def test_it_imports_its_own_attendance_export_back_unchanged(world, coordinator, held_plan,
                                                            client):
    _import_attendance(coordinator, held_plan, _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9), _a_row(world.ward, 2, 6, 6),
        _a_row(world.other_ward, 1, 4, 3), _a_row(world.other_ward, 2, 5, 0)]))
    before = _stored_attendance(held_plan)
    login(client, coordinator)
    exported = client.get(reverse("force:attendance_xlsx", args=[YEAR]))

    response = client.post(reverse("force:import", args=[YEAR, "attendance"]), {
        "file": SimpleUploadedFile("ket-qua-dao-tao-2026.xlsx", exported.content)},
        follow=True)

    assert response.redirect_chain == [(reverse("force:overview") + f"?year={YEAR}", 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã nhập 4 dòng."]
    assert _stored_attendance(held_plan) == before
    assert len(before) == 4
    again = client.get(reverse("force:attendance_xlsx", args=[YEAR]))
    assert table(load_workbook(io.BytesIO(again.content)).active) == table(
        load_workbook(io.BytesIO(exported.content)).active)


def test_it_imports_an_export_listing_a_course_not_started_yet(world, coordinator, plan,
                                                               client):
    _import_attendance(coordinator, plan, _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9), _a_row(world.ward, 2, 6, 6),
        _a_row(world.other_ward, 1, 4, 3), _a_row(world.other_ward, 2, 5, 0)]))
    before = _stored_attendance(plan)
    login(client, coordinator)
    exported = client.get(reverse("force:attendance_xlsx", args=[YEAR]))

    response = client.post(reverse("force:import", args=[YEAR, "attendance"]), {
        "file": SimpleUploadedFile("ket-qua-dao-tao-2026.xlsx", exported.content)})

    assert response.status_code == 302
    assert _stored_attendance(plan) == before


def test_it_leaves_unreported_courses_unrecorded_on_the_round_trip(world, coordinator,
                                                                   held_plan, client):
    _import_attendance(coordinator, held_plan, _xlsx(ATTENDANCE_HEADINGS, [
        _a_row(world.ward, 1, 10, 9)]))
    login(client, coordinator)
    exported = client.get(reverse("force:attendance_xlsx", args=[YEAR]))

    response = client.post(reverse("force:import", args=[YEAR, "attendance"]), {
        "file": SimpleUploadedFile("ket-qua-dao-tao-2026.xlsx", exported.content)})

    assert response.status_code == 302
    assert _stored_attendance(held_plan) == {("00070", "Kỹ năng dân vận", 10, 9)}


def test_it_lists_the_attendance_problems_on_the_page(world, coordinator, plan, client):
    login(client, coordinator)
    upload = _xlsx(ATTENDANCE_HEADINGS, [_a_row(world.ward, 1, 3, 5),
                                         _a_row(world.ward, 7, 1, 1)])

    response = client.post(reverse("force:import", args=[YEAR, "attendance"]),
                           {"file": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập dữ liệu nào: tệp có 2 lỗi." in html
    assert "Số đạt (5) lớn hơn số được đào tạo (3)." in html
    assert "Kế hoạch không có khóa học số 7." in html
    assert not Attendance.objects.exists()


def test_it_refuses_the_import_pages_to_the_front_and_other_years(world, plan, client):
    login(client, world.user(Role.WARD_FRONT))
    upload = _xlsx(ATTENDANCE_HEADINGS, [_a_row(world.ward, 1, 10, 9)])

    assert client.post(reverse("force:import", args=[YEAR, "attendance"]),
                       {"file": upload}).status_code == 403
    client.logout()
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.get(reverse("force:import", args=[YEAR, "discipline"])).status_code == 404
    assert client.get(reverse("force:import", args=[YEAR + 1, "staffing"])).status_code == 404
    assert client.get(reverse("force:import", args=[2023, "attendance"])).status_code == 404
    assert not Attendance.objects.exists()
