"""Writes about plans' reporting periods: opening them and creating every body's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from reports.models import Plan, PlanTask, Report, ReportingPeriod, ReportItem
from units.models import Agency
from units.selectors import agency_lineages

K = ReportingPeriod.Kind


@dataclass(frozen=True)
class PeriodDates:
    cutoff_start: date
    cutoff_end: date
    due_date: date


def period_dates(plan: Plan, kind: str, year: int) -> PeriodDates:
    """Decree 09/2019/NĐ-CP: data runs from the previous yearly deadline to the day before
    this report's deadline (15/12 of last year – 14/06, or – 14/12, with the defaults)."""
    year_due = date(year, plan.year_due_month, plan.year_due_day)
    start = date(year - 1, plan.year_due_month, plan.year_due_day)
    if kind == K.HALF_YEAR:
        due = date(year, plan.half_year_due_month, plan.half_year_due_day)
    elif kind == K.YEAR:
        due = year_due
    else:
        raise ValueError(kind)
    return PeriodDates(cutoff_start=start, cutoff_end=due - timedelta(days=1), due_date=due)


def period_title(kind: str, year: int) -> str:
    if kind == K.HALF_YEAR:
        return _("6-monthly report %(year)s") % {"year": year}
    return _("Yearly report %(year)s") % {"year": year}


Assignments = tuple[list[PlanTask], dict[int, set[int]], set[int]]


def _assignments(plan: Plan) -> Assignments:
    tasks = list(PlanTask.objects.filter(plan=plan).prefetch_related("coordinating"))
    generic_committees = set(Agency.objects.filter(
        province=plan.province, kind=Agency.Kind.LOCAL_COMMITTEE, org_unit__isnull=True,
    ).values_list("pk", flat=True))
    return tasks, agency_lineages(), generic_committees


def tasks_of(body: Agency, tasks: list[PlanTask], lineages: dict[int, set[int]],
             generic_committees: set[int]) -> list[PlanTask]:
    """The plan's tasks a body reports on: its own and those of the bodies merged into it;
    a ward's People's Committee also those the plan gives to all local committees."""
    mine = {body.pk} | lineages.get(body.pk, set())
    if body.kind == Agency.Kind.LOCAL_COMMITTEE and body.org_unit_id:
        mine |= generic_committees
    return [t for t in tasks
            if t.lead_id in mine or any(a.pk in mine for a in t.coordinating.all())]


def reporting_bodies(plan: Plan, day: date | None = None,
                     assignments: Assignments | None = None) -> list[Agency]:
    """Every active body existing on `day` (the end of a period's data) that leads or helps
    with at least one of the plan's tasks, itself or through the bodies merged into it.
    Once the wards' People's Committees are bodies of their own, they report in place of
    the plan's single "local committees" entry."""
    day = day or timezone.localdate()
    tasks, lineages, generic = assignments or _assignments(plan)
    bodies = Agency.objects.filter(is_active=True, province=plan.province).order_by(
        "plan_item", "code")
    has_ward_committees = any(b.org_unit_id for b in bodies
                              if b.kind == Agency.Kind.LOCAL_COMMITTEE)
    return [b for b in bodies if b.is_valid_on(day)
            and not (has_ward_committees and b.pk in generic)
            and tasks_of(b, tasks, lineages, generic)]


def _create_reports(period: ReportingPeriod, bodies: list[Agency],
                    assignments: Assignments | None = None) -> int:
    tasks, lineages, generic = assignments or _assignments(period.plan)
    created = 0
    for body in bodies:
        report, made = Report.objects.get_or_create(period=period, agency=body)
        if not made:
            continue
        created += 1
        ReportItem.objects.bulk_create(ReportItem(report=report, task=t)
                                       for t in tasks_of(body, tasks, lineages, generic))
    return created


@transaction.atomic
def period_open_regular(*, plan: Plan, kind: str, year: int,
                        actor: User | None = None) -> ReportingPeriod:
    """The 6-monthly or yearly period of `year`, with a report for every body (idempotent)."""
    if actor is not None:
        require(actor, Action.REPORT_REVIEW)
    dates = period_dates(plan, kind, year)
    period, _created = ReportingPeriod.objects.get_or_create(
        plan=plan, kind=kind, year=year,
        defaults={"title": period_title(kind, year), "cutoff_start": dates.cutoff_start,
                  "cutoff_end": dates.cutoff_end, "due_date": dates.due_date,
                  "created_by": actor},
    )
    # Read once for both: who reports, and on which tasks.
    assignments = _assignments(plan)
    _create_reports(period, reporting_bodies(plan, period.cutoff_end, assignments), assignments)
    return period


@transaction.atomic
def period_open_ad_hoc(
    *, actor: User, plan: Plan, title: str, due_date: date, cutoff_start: date,
    cutoff_end: date, bodies: list[Agency] | None = None, today: date,
) -> ReportingPeriod:
    """An extra report the city coordinator asks for, with its own deadline."""
    require(actor, Action.REPORT_REVIEW)
    problems = {}
    if not title.strip():
        problems["title"] = _("Give the report a title.")
    if cutoff_end < cutoff_start:
        problems["cutoff_end"] = _("The end of the data period is before its start.")
    if due_date < today:
        problems["due_date"] = _("The deadline is in the past.")
    if problems:
        raise ValidationError(problems)
    period = ReportingPeriod.objects.create(
        plan=plan, kind=K.AD_HOC, year=due_date.year, title=title.strip(),
        cutoff_start=cutoff_start, cutoff_end=cutoff_end, due_date=due_date, created_by=actor,
    )
    assignments = _assignments(plan)
    _create_reports(period, bodies if bodies else reporting_bodies(plan, cutoff_end, assignments),
                    assignments)
    return period


def periods_ensure(*, today: date) -> list[ReportingPeriod]:
    """Open this year's regular periods of every current plan (run daily by a task), so
    nobody has to remember to ask for the reports the plan already requires."""
    opened = []
    for plan in Plan.objects.filter(year_from__lte=today.year, year_to__gte=today.year):
        for kind in (K.HALF_YEAR, K.YEAR):
            opened.append(period_open_regular(plan=plan, kind=kind, year=today.year))
    return opened
