"""Reporting periods: Decree 09/2019 cut-offs and every body's report created once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from reports import services
from reports.models import PlanTask, Report, ReportingPeriod
from testing.factories import plan_with_task

pytestmark = pytest.mark.django_db
K = ReportingPeriod.Kind


@pytest.fixture
def plan(world):
    plan = plan_with_task(world.province, world.agency)
    task = PlanTask.objects.create(plan=plan, section="IV.24", text="Phối hợp",
                                   lead=world.other_agency)
    task.coordinating.add(world.agency)
    return plan


def test_it_cuts_the_6_monthly_data_at_14_june(plan):
    dates = services.period_dates(plan, K.HALF_YEAR, 2026)
    assert (dates.cutoff_start, dates.cutoff_end, dates.due_date) == (
        date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 15))


def test_it_cuts_the_yearly_data_at_14_december(plan):
    dates = services.period_dates(plan, K.YEAR, 2026)
    assert (dates.cutoff_start, dates.cutoff_end, dates.due_date) == (
        date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 15))


def test_it_follows_a_plans_own_deadline(plan):
    plan.half_year_due_day, plan.half_year_due_month = 10, 7
    assert services.period_dates(plan, K.HALF_YEAR, 2026).due_date == date(2026, 7, 10)


def test_it_gives_each_body_a_report_with_the_tasks_it_leads_or_helps_with(world, plan):
    period = services.period_open_regular(plan=plan, kind=K.HALF_YEAR, year=2026)
    reports = {r.agency: r for r in period.reports.all()}
    assert set(reports) == {world.agency, world.other_agency}
    assert reports[world.agency].items.count() == 2  # leads one, coordinates one
    assert reports[world.other_agency].items.count() == 1


def test_it_opens_a_period_once(plan):
    services.period_open_regular(plan=plan, kind=K.YEAR, year=2026)
    services.period_open_regular(plan=plan, kind=K.YEAR, year=2026)
    assert ReportingPeriod.objects.count() == 1
    assert Report.objects.count() == 2


def test_it_opens_this_years_periods_by_itself(plan):
    opened = services.periods_ensure(today=date(2026, 1, 2))
    assert sorted(p.kind for p in opened) == [K.HALF_YEAR, K.YEAR]


def test_it_refuses_an_ad_hoc_request_with_a_past_deadline(world, plan):
    with pytest.raises(ValidationError) as error:
        services.period_open_ad_hoc(
            actor=world.user(Role.CITY_COORDINATOR), plan=plan, title="Báo cáo nhanh",
            due_date=date(2026, 1, 1), cutoff_start=date(2025, 12, 15),
            cutoff_end=date(2025, 12, 31), today=date(2026, 3, 1),
        )
    assert "due_date" in error.value.message_dict


def test_it_lets_only_the_coordinator_ask_for_an_ad_hoc_report(world, plan):
    with pytest.raises(PermissionDenied):
        services.period_open_ad_hoc(
            actor=world.user(Role.AGENCY_REPORTER), plan=plan, title="Báo cáo nhanh",
            due_date=date(2026, 4, 1), cutoff_start=date(2026, 1, 1),
            cutoff_end=date(2026, 3, 1), today=date(2026, 3, 1),
        )


def test_it_asks_an_ad_hoc_report_of_the_chosen_bodies_only(world, plan):
    period = services.period_open_ad_hoc(
        actor=world.user(Role.CITY_COORDINATOR), plan=plan, title="Báo cáo nhanh",
        due_date=date(2026, 4, 1), cutoff_start=date(2026, 1, 1), cutoff_end=date(2026, 3, 1),
        bodies=[world.other_agency], today=date(2026, 3, 1),
    )
    assert [r.agency for r in period.reports.all()] == [world.other_agency]
