"""In a browser: the leader's progress matrix and the coordinator's consolidated report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from reports.models import ConsolidatedReport, PlanTask, Report, ReportItem
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, report_for

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/shots-consolidation")  # noqa: S108 — where the brief wants screenshots


@pytest.fixture
def period(world):
    report = report_for(world.agency)
    plan = report.period.plan
    silent = PlanTask.objects.create(plan=plan, section="IV.2", order=2,
                                     text="Kiểm tra an ninh, trật tự tại các chợ",
                                     lead=world.other_agency)
    silent.coordinating.add(world.agency)
    ReportItem.objects.create(report=report, task=plan.tasks.get(section="IV.1"),
                              status=ReportItem.Status.DONE, results="Đã tổ chức 12 hội nghị")
    report.state = Report.State.ACCEPTED
    report.save()
    return report.period


def test_it_edits_and_saves_the_consolidated_report(page, world, period):
    user = world.user(Role.CITY_COORDINATOR)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    log_in(page, user.username, TEST_PASSWORD)
    page.goto(reverse("reports:consolidated", args=[period.pk]))
    page.locator("form[action$='redraft/'] button").click()
    page.wait_for_load_state()
    results = page.locator("textarea[name=results]")
    assert "Đã tổ chức 12 hội nghị" in results.input_value()
    results.fill(results.input_value() + "\nGhi chú của điều phối")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "consolidated.png"), full_page=True)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    assert "Ghi chú của điều phối" in ConsolidatedReport.objects.get(period=period).results


def test_it_shows_the_leader_the_silent_tasks_first(page, world, period):
    user = world.user(Role.CITY_LEADER)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    log_in(page, user.username, TEST_PASSWORD)
    page.goto(reverse("reports:progress"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "progress.png"), full_page=True)
    first_row = page.locator(".progress-unreported tr").nth(1)
    assert "Kiểm tra an ninh" in first_row.inner_text()
