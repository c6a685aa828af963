"""The plan page in a real browser: choosing a body narrows the tasks without a reload."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from reports.plan_services import plan_load
from testing.browser import log_in, screenshot_if_asked
from testing.factories import TEST_PASSWORD
from units.services import agencies_load


@pytest.mark.django_db(transaction=True)
def test_it_filters_the_hanoi_plan_by_body(page, world):
    agencies_load(province_code="01")
    plan = plan_load(province_code="01").plan
    user = world.user("agency_reporter")
    log_in(page, user.username, TEST_PASSWORD)
    page.goto(reverse("reports:plans"))
    screenshot_if_asked(page, "plan_list")
    page.goto(reverse("reports:plan_detail", args=[plan.pk]))
    screenshot_if_asked(page, "plan_detail")
    page.locator("select[name=body]").select_option("so-tu-phap")
    page.wait_for_url("**body=so-tu-phap**")
    sections = page.locator("#plan-tasks h2")
    page.wait_for_function("document.querySelectorAll('#plan-tasks h2').length < 10")
    # Sở Tư pháp leads item IV.6 and coordinates nothing else.
    headings = sections.all_inner_texts()
    assert len(headings) == 1 and headings[0].endswith("IV.6")
    screenshot_if_asked(page, "plan_detail_filtered")


@pytest.mark.django_db(transaction=True)
def test_it_lists_every_problem_of_an_uploaded_workbook(page, world, tmp_path):
    from openpyxl import load_workbook

    from reports.plan_io import template_xlsx

    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(template_xlsx())
    workbook = load_workbook(path)
    workbook["Kế hoạch"].append(["9/KH", "32/01/2025", "UBND", "Kế hoạch mới", 2025, 2025])
    workbook["Nhiệm vụ"].append(["1", "", "so-khong-co", "so-tu-phap", "", ""])
    workbook.save(path)
    user = world.user("city_coordinator")
    # City roles owe a second factor; log_in answers it with this device's current code.
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    log_in(page, user.username, TEST_PASSWORD)
    page.goto(reverse("reports:plan_import"))
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector("#import-errors")
    assert page.locator("#import-errors tbody tr").count() == 3
    screenshot_if_asked(page, "plan_import_errors")
