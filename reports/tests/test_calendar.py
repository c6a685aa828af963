"""The reporting calendar on the days that matter: periods opened on any day of the year,
and one rule for "on time" (by 15/6 and 15/12, the day in Hanoi) that the board, the
timeliness count and the consolidated report all share."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from reports import services
from reports.consolidation import timeliness
from reports.models import Report, ReportingPeriod
from reports.report_selectors import report_timeliness
from reports.report_services import ItemInput, report_submit
from testing.clock import hanoi
from testing.factories import plan_with_task

pytestmark = pytest.mark.django_db
K = ReportingPeriod.Kind


@pytest.mark.parametrize("today", [
    date(2027, 1, 1), date(2028, 2, 29), date(2027, 6, 14), date(2027, 6, 15),
    date(2027, 6, 16), date(2027, 11, 30), date(2027, 12, 1), date(2027, 12, 15),
    date(2027, 12, 16), date(2027, 12, 31),
])
def test_it_opens_the_years_periods_with_their_decree_09_cut_offs_on_any_day(world, today):
    plan_with_task(world.province, world.agency)
    opened = {p.kind: p for p in services.periods_ensure(today=today)}
    year = today.year
    half, whole = opened[K.HALF_YEAR], opened[K.YEAR]
    assert (half.cutoff_start, half.cutoff_end, half.due_date) == (
        date(year - 1, 12, 15), date(year, 6, 14), date(year, 6, 15))
    assert (whole.cutoff_start, whole.cutoff_end, whole.due_date) == (
        date(year - 1, 12, 15), date(year, 12, 14), date(year, 12, 15))
    assert Report.objects.filter(period__in=opened.values(), agency=world.agency).count() == 2


def test_it_opens_nothing_outside_the_plans_years(world):
    plan_with_task(world.province, world.agency)  # 2024–2030
    assert services.periods_ensure(today=date(2031, 1, 1)) == []


@pytest.mark.parametrize(("month", "day"), [(6, 15), (12, 15)])
def test_it_counts_a_report_on_time_until_midnight_in_hanoi_on_the_due_date(
        world, time_machine, month, day):
    plan = plan_with_task(world.province, world.agency)
    kind = K.HALF_YEAR if month == 6 else K.YEAR
    period = services.period_open_regular(plan=plan, kind=kind, year=2026)
    report = Report.objects.get(period=period, agency=world.agency)
    reporter = world.user(Role.AGENCY_REPORTER)

    time_machine.move_to(hanoi(2026, month, day, 23, 59))  # 16:59 UTC
    report_submit(actor=reporter, report=report, revision=report.revision,
                  summary="Đã thực hiện.",
                  items={i.pk: ItemInput(status="in_progress", results="Đang làm")
                         for i in report.items.all()})
    report.refresh_from_db()
    assert report_timeliness(report) == "on_time"
    assert timeliness(period).on_time == 1

    Report.objects.filter(pk=report.pk).update(submitted_at=hanoi(2026, month, day + 1, 0, 1))
    report.refresh_from_db()
    assert report_timeliness(report) == "late"
    counted = timeliness(period)
    assert (counted.on_time, counted.late) == (0, 1)
