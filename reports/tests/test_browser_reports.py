from __future__ import annotations

import io

import docx
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Role
from reports.models import Report
from testing.browser import log_in, screenshot_if_asked
from testing.factories import TEST_PASSWORD, report_for


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_report_through_return_and_acceptance(page: Page, world, browser,
                                                          live_server) -> None:
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
    screenshot_if_asked(page, "report_form")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    assert Report.objects.get(pk=report.pk).state == "submitted"

    log_in(city, coordinator.username, TEST_PASSWORD)
    city.goto(url)
    city.fill("#id_comment", "Bổ sung số liệu cụ thể")
    screenshot_if_asked(city, "report_review")
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
    screenshot_if_asked(page, "report_accepted")
    city.goto(f"/reports/periods/{report.period.pk}/board/")
    screenshot_if_asked(city, "board")
    city.goto("/reports/")
    screenshot_if_asked(city, "periods")

    # The consolidated report, drafted from the accepted reports, carries the body's text.
    city.goto(f"/reports/periods/{report.period.pk}/consolidated/")
    city.locator("main form[method=post] button[type=submit]").first.click()
    city.wait_for_load_state()
    document = docx.Document(io.BytesIO(
        city.request.get(f"{live_server.url}{_docx_url(report)}").body()
    ))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables
                      for row in table.rows for cell in row.cells)
    assert "Tổ chức 3 hội nghị" in text
    context.close()


def _docx_url(report: Report) -> str:
    from django.urls import reverse

    return reverse("reports:consolidated_docx", args=[report.period.pk])
