"""Reads for the consolidated report and the leaders' progress matrix.

Periods, plans and consolidated reports are unscoped in SCOPE_PATHS (every body reads the
plan), but the consolidation is the city's own work: only the city roles of the plan's
province read it. The permission layer answers that through the province itself
(`can(user, action, province)`: province-scoped assignments reach it, agency-scoped ones
do not), and a user of another province gets a 404, as for anything outside their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from accounts.models import ScopeKind, User
from accounts.permissions import Action, can, get_for_user, granted, require, scope
from reports.models import Plan, PlanTask, Report, ReportingPeriod, ReportItem
from units.models import Agency

S = Report.State


def _sees_province(user: User, province_id: int) -> bool:
    """Does the user have anything to do with reports of the province's bodies at all?"""
    return scope(user, Agency.objects.filter(province_id=province_id), Action.REPORT_VIEW
                 ).exists()


def period_get_for_user(user: User, pk: int, action: Action) -> ReportingPeriod:
    """A period for the consolidation screens: 404 outside the user's province, 403 for a
    body's reporter or a reader who may not do `action`."""
    period = get_for_user(user, ReportingPeriod.objects.select_related("plan__province"),
                          Action.REPORT_VIEW, pk=pk)
    province = period.plan.province
    if not _sees_province(user, province.pk):
        raise Http404
    require(user, action, province)
    return period


def is_city_reader(user: User) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(a.scope_kind in (ScopeKind.GLOBAL, ScopeKind.PROVINCE)
               for a in granted(user, Action.REPORT_VIEW))


def plans_for_user(user: User) -> list[Plan]:
    """Plans whose province the user reads as a city role, newest first."""
    plans = Plan.objects.select_related("province").order_by("-year_to", "-issued_on", "pk")
    return [p for p in plans if can(user, Action.REPORT_VIEW, p.province)]


def periods_of(plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("due_date", "pk"))


# --- Progress matrix ------------------------------------------------------------------------

@dataclass
class ProgressRow:
    task: PlanTask
    body: Agency
    is_lead: bool
    # One per period column: (status, its label), ("", "") when nothing was reported.
    cells: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Progress:
    periods: list[ReportingPeriod]
    unreported: list[ProgressRow]
    rows: list[ProgressRow]
    sections: list[str]
    bodies: list[Agency]


def _cell(status: str) -> tuple[str, str]:
    return (status, str(ReportItem.Status(status).label)) if status else ("", "")


def progress_matrix(*, plan: Plan, body_id: int | None = None, section: str = "") -> Progress:
    """Rows task × body, columns periods; a constant number of queries however many
    periods, tasks or bodies (periods, tasks, their helpers, the statuses, the filter)."""
    periods = periods_of(plan)
    tasks_qs = PlanTask.objects.filter(plan=plan).select_related("lead").prefetch_related(
        "coordinating").order_by("order", "pk")
    sections = sorted(set(PlanTask.objects.filter(plan=plan).values_list("section",
                                                                           flat=True)))
    if section:
        tasks_qs = tasks_qs.filter(section=section)
    tasks = list(tasks_qs)
    statuses: dict[tuple[int, int, int], str] = {}
    reported_tasks: set[int] = set()
    items = (ReportItem.objects.filter(report__period__plan=plan,
                                       report__state__in=(S.SUBMITTED, S.ACCEPTED))
             .exclude(status="")
             .values_list("task_id", "report__agency_id", "report__period_id", "status"))
    for task_id, agency_id, period_id, status in items:
        statuses[(task_id, agency_id, period_id)] = status
        reported_tasks.add(task_id)
    bodies = list(Agency.objects.filter(
        Q(lead_tasks__plan=plan) | Q(coordinating_tasks__plan=plan)).distinct()
        .order_by("plan_item", "code"))
    unreported: list[ProgressRow] = []
    rows: list[ProgressRow] = []
    for task in tasks:
        helpers = sorted(task.coordinating.all(), key=lambda a: (a.plan_item, a.code))
        for body, is_lead in [(task.lead, True), *((a, False) for a in helpers)]:
            if body_id and body.pk != body_id:
                continue
            row = ProgressRow(task, body, is_lead,
                              [_cell(statuses.get((task.pk, body.pk, p.pk), ""))
                               for p in periods])
            (rows if task.pk in reported_tasks else unreported).append(row)
    return Progress(periods=periods, unreported=unreported, rows=rows, sections=sections,
                    bodies=bodies)

