"""The bundled Hà Nội plan loads faithfully; XLSX imports are all-or-nothing."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.imports import ImportErrors
from reports.models import Plan, PlanTask
from reports.plan_services import PLAN_FILES, plan_import, plan_load
from units.models import Agency
from units.services import agencies_load

CATP = "cong-an-thanh-pho"
# Derived by hand from section IV of the plan: item → lead bodies.
LEADS: dict[int, set[str]] = {
    1: {CATP}, 2: {"so-lao-dong-thuong-binh-xa-hoi"}, 3: {"so-thong-tin-truyen-thong"},
    4: {"so-van-hoa-the-thao"}, 5: {"dai-phat-thanh-truyen-hinh-ha-noi"},
    6: {"so-tu-phap"}, 7: {"so-noi-vu"}, 8: {"so-ke-hoach-dau-tu"}, 9: {"so-tai-chinh"},
    10: {"so-tai-nguyen-moi-truong"}, 11: {"so-quy-hoach-kien-truc"}, 12: {"so-xay-dung"},
    13: {"so-giao-thong-van-tai"}, 14: {"so-giao-duc-dao-tao"}, 15: {"bo-tu-lenh-thu-do"},
    16: {"ban-tuyen-giao-thanh-uy"}, 17: {"ban-dan-van-thanh-uy"},
    18: {"uy-ban-mttq-thanh-pho"}, 19: {"thanh-doan"}, 20: {"hoi-lien-hiep-phu-nu-thanh-pho"},
    21: {"hoi-cuu-chien-binh-thanh-pho"}, 22: {"lien-doan-lao-dong-thanh-pho"},
    23: {"vien-kiem-sat-nhan-dan-thanh-pho", "toa-an-nhan-dan-thanh-pho"},
    24: {"cac-so-ban-nganh-khac"}, 25: {"ubnd-phuong-xa"},
}
# item → every body named in it (leads and coordinating bodies).
BODIES: dict[int, set[str]] = {
    1: {CATP, "so-noi-vu", "so-tai-nguyen-moi-truong", "so-quy-hoach-kien-truc", "so-xay-dung"},
    2: {"so-lao-dong-thuong-binh-xa-hoi", CATP},
    3: {"so-thong-tin-truyen-thong", CATP},
    4: {"so-van-hoa-the-thao"},
    5: {"dai-phat-thanh-truyen-hinh-ha-noi", "bao-ha-noi-moi", "bao-kinh-te-do-thi"},
    6: {"so-tu-phap", CATP, "so-van-hoa-the-thao", "uy-ban-mttq-thanh-pho"},
    7: {"so-noi-vu", CATP},
    8: {"so-ke-hoach-dau-tu"},
    9: {"so-tai-chinh"},
    10: {"so-tai-nguyen-moi-truong", CATP, "ubnd-phuong-xa"},
    11: {"so-quy-hoach-kien-truc", CATP},
    12: {"so-xay-dung", CATP, "ubnd-phuong-xa"},
    13: {"so-giao-thong-van-tai", CATP, "ubnd-phuong-xa"},
    14: {"so-giao-duc-dao-tao", CATP},
    15: {"bo-tu-lenh-thu-do", CATP},
    16: {"ban-tuyen-giao-thanh-uy"},
    17: {"ban-dan-van-thanh-uy"},
    18: {"uy-ban-mttq-thanh-pho"},
    19: {"thanh-doan"},
    20: {"hoi-lien-hiep-phu-nu-thanh-pho", CATP},
    21: {"hoi-cuu-chien-binh-thanh-pho", CATP},
    22: {"lien-doan-lao-dong-thanh-pho"},
    23: {"vien-kiem-sat-nhan-dan-thanh-pho", "toa-an-nhan-dan-thanh-pho", CATP},
    24: {"cac-so-ban-nganh-khac", CATP},
    25: {"ubnd-phuong-xa"},
}
# item → number of bullets (one task each); items without bullets are one task.
BULLETS = {1: 7, 5: 2, 6: 3, 7: 2, 10: 4, 12: 2, 13: 3, 18: 4, 19: 3, 20: 3, 21: 2, 22: 2,
           23: 2, 25: 3}


@pytest.fixture
def hanoi(world):
    agencies_load(province_code="01")
    return plan_load(province_code="01").plan


def _item_tasks(plan: Plan, item: int) -> list[PlanTask]:
    return list(plan.tasks.filter(section=f"IV.{item}").select_related("lead")
                .prefetch_related("coordinating"))


def test_it_loads_every_item_of_section_iv_with_its_lead_bodies(hanoi):
    for item, leads in LEADS.items():
        tasks = _item_tasks(hanoi, item)
        assert {t.lead.code for t in tasks} == leads, item


def test_it_loads_every_item_of_section_iv_with_all_its_bodies(hanoi):
    for item, bodies in BODIES.items():
        tasks = _item_tasks(hanoi, item)
        named = {t.lead.code for t in tasks} | {a.code for t in tasks for a in t.coordinating.all()}
        assert named == bodies, item


def test_it_loads_one_task_per_bullet(hanoi):
    for item in range(1, 26):
        assert len(_item_tasks(hanoi, item)) == BULLETS.get(item, 1), item


def test_it_has_no_section_iv_item_beyond_25(hanoi):
    sections = set(hanoi.tasks.filter(section__startswith="IV.").values_list("section", flat=True))
    assert sections == {f"IV.{n}" for n in range(1, 26)}


def test_it_loads_section_ii_task_areas_led_by_the_city_police(hanoi):
    tasks = hanoi.tasks.filter(section__startswith="II.")
    assert sorted(t.section for t in tasks) == [f"II.{n}" for n in range(1, 9)]
    assert {t.lead.code for t in tasks} == {CATP}


def test_it_stores_the_plan_header_and_recurring_tasks(hanoi):
    assert (hanoi.number, hanoi.issuer, hanoi.year_from, hanoi.year_to) == (
        "KH-CT31", "UBND Thành phố Hà Nội", 2024, 2030)
    assert "31-CT/TU" in hanoi.title
    assert not hanoi.tasks.filter(recurring=False).exists()


def test_it_reloads_without_duplicating_anything(hanoi):
    before = sorted(hanoi.tasks.values_list("pk", "section", "text", "lead_id"))
    result = plan_load(province_code="01")
    assert (result.plan_created, result.created, result.updated) == (False, 0, 0)
    assert result.unchanged == len(before)
    assert Plan.objects.count() == 1
    assert sorted(hanoi.tasks.values_list("pk", "section", "text", "lead_id")) == before


def test_it_updates_an_edited_task_in_place_on_reload(hanoi, tmp_path: Path):
    first = hanoi.tasks.get(section="IV.8")
    edited = PLAN_FILES["01"].read_text(encoding="utf-8").replace(
        "hỗ trợ đầu tư trụ sở Công an phường.", "hỗ trợ đầu tư trụ sở (sửa).")
    path = tmp_path / "plan.toml"
    path.write_text(edited, encoding="utf-8")
    result = plan_load(province_code="01", path=path)
    first.refresh_from_db()
    assert result.updated == 1
    assert first.text.endswith("(sửa).")


def test_it_refuses_to_load_before_the_agencies(world):
    Agency.objects.all().delete()
    with pytest.raises(ValidationError, match="load_agencies"):
        plan_load(province_code="01")
    assert not Plan.objects.exists()


def test_it_refuses_a_file_naming_an_agency_that_is_not_loaded(world):
    # world has only two of the 28 bodies: the command must say so, not half-load.
    with pytest.raises(CommandError, match="cong-an-thanh-pho"):
        call_command("load_plan", "--province", "01")
    assert not Plan.objects.exists()


def test_it_loads_through_the_command(world):
    agencies_load(province_code="01")
    out = io.StringIO()
    call_command("load_plan", "--province", "01", stdout=out)
    assert "Created plan KH-CT31" in out.getvalue()
    assert PlanTask.objects.count() == 61


# ------------------------------------------------------------------------------ XLSX import

def _workbook(plan_rows: list[list], task_rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Kế hoạch"
    sheet.append(["Số", "Ngày ban hành", "Cơ quan ban hành", "Tên kế hoạch", "Từ năm", "Đến năm"])
    for row in plan_rows:
        sheet.append(row)
    tasks = workbook.create_sheet("Nhiệm vụ")
    tasks.append(["Mục", "Nhiệm vụ", "Mã cơ quan chủ trì", "Mã cơ quan phối hợp", "Thời hạn",
                  "Sản phẩm"])
    for row in task_rows:
        tasks.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("ke-hoach.xlsx", out.getvalue())


PLAN_ROW = ["12/KH-UBND", "05/02/2025", "UBND Thành phố Hà Nội", "Kế hoạch phòng cháy", 2025, 2026]


def test_it_imports_a_valid_workbook(world, english):
    coordinator = world.user("city_coordinator")
    upload = _workbook([PLAN_ROW], [
        ["I.1", "Kiểm tra phòng cháy", "so-tu-phap", "so-xay-dung", "30/06/2025", "Báo cáo"],
        ["I.2", "Tuyên truyền", "so-xay-dung", "", "", ""],
    ])
    plan = plan_import(actor=coordinator, province=world.province, uploaded_file=upload)
    assert (plan.number, plan.issued_on, plan.year_to) == (
        "12/KH-UBND", date(2025, 2, 5), 2026)
    first, second = plan.tasks.order_by("order")
    assert (first.lead, list(first.coordinating.all())) == (world.agency, [world.other_agency])
    assert (first.due_date, first.expected_output) == (date(2025, 6, 30), "Báo cáo")
    assert second.lead == world.other_agency and second.due_date is None


def test_it_lists_every_bad_row_and_stores_nothing(world, english):
    coordinator = world.user("city_coordinator")
    upload = _workbook([PLAN_ROW], [
        ["I.1", "Đúng", "so-tu-phap", "", "", ""],
        ["I.2", "", "so-tu-phap", "", "", ""],
        ["I.3", "Sai cơ quan", "so-khong-co", "so-xay-dung; so-ma", "", ""],
        ["I.4", "Sai ngày", "so-tu-phap", "", "31/02/2025", ""],
    ])
    with pytest.raises(ImportErrors) as caught:
        plan_import(actor=coordinator, province=world.province, uploaded_file=upload)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (3, "Nhiệm vụ: Nhiệm vụ"),
        (4, "Nhiệm vụ: Mã cơ quan chủ trì"),
        (4, "Nhiệm vụ: Mã cơ quan phối hợp"),
        (5, "Nhiệm vụ: Thời hạn"),
    }
    assert "so-ma" in next(e.message for e in caught.value.errors
                           if e.column.endswith("phối hợp"))
    assert not Plan.objects.exists() and not PlanTask.objects.exists()


def test_it_reports_problems_of_the_plan_sheet_with_those_of_the_tasks(world, english):
    coordinator = world.user("city_coordinator")
    upload = _workbook([["", "5/13/2025", "UBND", "Tên", 2026, 2025]],
                       [["I.1", "", "so-tu-phap", "", "", ""]])
    with pytest.raises(ImportErrors) as caught:
        plan_import(actor=coordinator, province=world.province, uploaded_file=upload)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, "Kế hoạch: Ngày ban hành"), (2, "Kế hoạch: Số"), (2, "Kế hoạch: Đến năm"),
        (2, "Nhiệm vụ: Nhiệm vụ"),
    ]


def test_it_refuses_a_plan_number_already_used(world, english):
    coordinator = world.user("city_coordinator")
    rows = [["I.1", "Việc", "so-tu-phap", "", "", ""]]
    plan_import(actor=coordinator, province=world.province,
                uploaded_file=_workbook([PLAN_ROW], rows))
    with pytest.raises(ImportErrors) as caught:
        plan_import(actor=coordinator, province=world.province,
                    uploaded_file=_workbook([PLAN_ROW], rows))
    assert "already exists" in caught.value.errors[0].message
    assert Plan.objects.count() == 1


def test_it_says_which_sheet_is_missing(world, english):
    coordinator = world.user("city_coordinator")
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportErrors) as caught:
        plan_import(actor=coordinator, province=world.province,
                    uploaded_file=SimpleUploadedFile("x.xlsx", out.getvalue()))
    assert [e.column for e in caught.value.errors] == ["Kế hoạch", "Nhiệm vụ"]


def test_it_refuses_a_file_that_is_not_a_workbook(world, english):
    coordinator = world.user("city_coordinator")
    with pytest.raises(ImportErrors) as caught:
        plan_import(actor=coordinator, province=world.province,
                    uploaded_file=SimpleUploadedFile("x.xlsx", b"not a zip"))
    assert "could not be read" in caught.value.errors[0].message


def test_it_refuses_an_import_by_an_agency_reporter(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plan_import(actor=world.user("agency_reporter"), province=world.province,
                    uploaded_file=_workbook([PLAN_ROW], []))
