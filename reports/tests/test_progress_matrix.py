"""The leaders' progress matrix: task × body over the periods, silent tasks on top."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from reports.consolidation_selectors import progress_matrix
from reports.models import PlanTask, Report, ReportingPeriod, ReportItem
from testing.clients import login
from testing.factories import plan_with_task

pytestmark = pytest.mark.django_db
S = Report.State


@pytest.fixture
def plan(world):
    plan = plan_with_task(world.province, world.agency)
    silent = PlanTask.objects.create(plan=plan, section="IV.2", order=2, text="Việc chưa ai báo",
                                     lead=world.other_agency)
    silent.coordinating.add(world.agency)
    return plan


def _periods(plan, count: int) -> list[ReportingPeriod]:
    return [ReportingPeriod.objects.create(
        plan=plan, kind=ReportingPeriod.Kind.AD_HOC, year=2026, title=f"Kỳ {n}",
        cutoff_start=date(2026, 1, 1), cutoff_end=date(2026, 1, 2), due_date=date(2026, 2, n))
        for n in range(1, count + 1)]


def _report(period, agency, state=S.ACCEPTED, status=ReportItem.Status.DONE) -> Report:
    report = Report.objects.create(period=period, agency=agency, state=state)
    for task in PlanTask.objects.filter(plan=period.plan, lead=agency):
        ReportItem.objects.create(report=report, task=task, status=status)
    return report


def test_it_puts_tasks_nobody_reported_on_at_the_top(plan, world):
    _report(_periods(plan, 1)[0], world.agency)
    data = progress_matrix(plan=plan)
    assert [r.task.section for r in data.unreported] == ["IV.2", "IV.2"]


def test_it_shows_each_periods_status_in_its_column(plan, world):
    _first, second = _periods(plan, 2)
    _report(second, world.agency, status=ReportItem.Status.BLOCKED)
    row = progress_matrix(plan=plan).rows[0]
    assert [status for status, _label in row.cells] == ["", "blocked"]


def test_it_ignores_statuses_of_unsubmitted_reports(plan, world):
    _report(_periods(plan, 1)[0], world.agency, state=S.DRAFT)
    assert progress_matrix(plan=plan).rows == []


def test_it_filters_by_body(plan, world):
    data = progress_matrix(plan=plan, body_id=world.other_agency.pk)
    assert {r.body for r in data.unreported} == {world.other_agency}


def test_it_filters_by_section(plan, world):
    data = progress_matrix(plan=plan, section="IV.1")
    assert [r.task.section for r in data.unreported] == ["IV.1"]


def _queries(plan, client, count: int, world) -> int:
    for period in _periods(plan, count):
        _report(period, world.agency)
        _report(period, world.other_agency, status=ReportItem.Status.IN_PROGRESS)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:progress"))
    assert response.status_code == 200
    return len(captured)


def test_it_needs_as_many_queries_for_12_periods_as_for_2(plan, world, client):
    login(client, world.user(Role.CITY_LEADER))
    two = _queries(plan, client, 2, world)
    ReportingPeriod.objects.all().delete()
    twelve = _queries(plan, client, 12, world)
    assert twelve == two


def test_it_shows_the_matrix_to_the_city_leader(plan, world, client):
    login(client, world.user(Role.CITY_LEADER))
    assert "Việc chưa ai báo" in client.get(reverse("reports:progress")).content.decode()


def test_it_forbids_the_progress_to_an_agency_reporter(plan, world, client):
    login(client, world.user(Role.AGENCY_REPORTER))
    assert client.get(reverse("reports:progress")).status_code == 403


def test_it_shows_another_provinces_coordinator_none_of_this_plan(plan, world, client):
    login(client, world.user(Role.CITY_COORDINATOR, own=False))
    assert "Việc chưa ai báo" not in client.get(reverse("reports:progress")).content.decode()


def test_it_answers_the_htmx_filter_with_the_table_only(plan, world, client):
    login(client, world.user(Role.CITY_LEADER))
    response = client.get(reverse("reports:progress"), {"section": "IV.2"},
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="progress-table">')
    assert "Nhiệm vụ thử" not in html
