from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Role
from reports.models import Report
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, report_for

SHOTS = "/tmp/shots-reporting"  # noqa: S108 -- where the brief asks for screenshots


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_report_through_return_and_acceptance(page: Page, world, browser,
                                                          live_server) -> None:
    import os

    os.makedirs(SHOTS, exist_ok=True)
    report = report_for(world.agency)
    item = report.items.create(task=report.period.plan.tasks.get())
    reporter = world.user(Role.AGENCY_REPORTER)
    coordinator = world.user(Role.CITY_COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)
    # Each user keeps their own browser: a TOTP code may be used only once, so the
    # coordinator logs in once.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  base_url=live_server.url)
    city = context.new_page()
    url = f"/reports/r/{report.pk}/"

    log_in(page, reporter.username, TEST_PASSWORD)
    page.goto(url)
    page.fill("#id_summary", "Đã triển khai kế hoạch")
    page.select_option(f"#id_item-{item.pk}-status", "in_progress")
    page.fill(f"#id_item-{item.pk}-results", "Tổ chức 3 hội nghị")
    page.screenshot(path=f"{SHOTS}/report_form.png", full_page=True)
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).state == "submitted"

    log_in(city, coordinator.username, TEST_PASSWORD)
    city.goto(url)
    city.fill("#id_comment", "Bổ sung số liệu cụ thể")
    city.screenshot(path=f"{SHOTS}/report_review.png", full_page=True)
    city.locator("form[action$='/return/'] button").click()
    city.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).state == "returned"

    page.goto(url)
    expect(page.locator("#review-comment")).to_have_text("Bổ sung số liệu cụ thể")
    page.select_option(f"#id_item-{item.pk}-status", "done")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).state == "submitted"

    city.goto(url)
    city.locator("form[action$='/accept/'] button").click()
    city.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).state == "accepted"
    page.goto(url)
    expect(page.locator(".lock-banner")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/report_accepted.png", full_page=True)
    city.goto(f"/reports/periods/{report.period.pk}/board/")
    city.screenshot(path=f"{SHOTS}/board.png", full_page=True)
    city.goto("/reports/")
    city.screenshot(path=f"{SHOTS}/periods.png", full_page=True)
    context.close()
