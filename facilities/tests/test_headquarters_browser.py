"""The headquarters pages in a real browser; screenshots go to /tmp/shots-hq/ for review."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest

from accounts.models import Role
from facilities.models import HeadquartersRecord, InvestmentProject
from testing.browser import log_in
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(tempfile.gettempdir()) / "shots-hq"


def test_it_refuses_a_bad_area_keeps_the_typing_then_records(page, world):
    SHOTS.mkdir(exist_ok=True)
    officer = world.user(Role.WARD_OFFICER)
    InvestmentProject.objects.create(
        ward=world.ward, kind="new_build", title="Xây trụ sở Công an phường Hoàn Kiếm",
        stage="approved", approved_on=date(2025, 3, 1), expected_completion=date(2027, 9, 30),
        approved_cost=45000)
    log_in(page, officer.username, TEST_PASSWORD)

    page.goto("/facilities/00070/headquarters/")
    page.locator("#id_status").select_option("borrowed_committee")
    page.locator("#id_land_area").fill("100")
    page.locator("#id_floor_area").fill("500")
    page.locator("#id_storeys").fill("2")
    page.locator("#id_notes").fill("Nhờ trụ sở UBND phường")
    page.locator("main button.button[type=submit]").click()
    page.locator("#field-floor_area .errorlist").wait_for()
    page.screenshot(path=SHOTS / "hq_update_error.png", full_page=True)
    assert page.locator("#id_notes").input_value() == "Nhờ trụ sở UBND phường"
    assert not HeadquartersRecord.objects.exists()

    page.locator("#id_floor_area").fill("210,5")
    page.locator("main button.button[type=submit]").click()
    page.locator("#hq-current").wait_for()
    page.screenshot(path=SHOTS / "hq_ward.png", full_page=True)
    assert HeadquartersRecord.objects.get().floor_area == 210.5

    page.goto("/facilities/")
    page.locator("#id_status").select_option("borrowed_committee")
    page.wait_for_url("**status=borrowed_committee**")
    page.screenshot(path=SHOTS / "hq_list.png", full_page=True)
    assert page.locator("#hq-table tbody tr").count() == 1

    page.goto("/facilities/00070/projects/new/")
    page.locator("#id_title").fill("Cải tạo")
    page.locator("#id_stage").select_option("in_use")
    page.locator("main button.button[type=submit]").click()
    page.locator(".errorlist").first.wait_for()
    page.screenshot(path=SHOTS / "project_form_error.png", full_page=True)
    assert page.locator("#id_title").input_value() == "Cải tạo"
