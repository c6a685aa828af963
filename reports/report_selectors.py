"""Reads for the report form, its review, the periods page and the timeliness board.

Every object a view shows comes through here, so the permission layer decides scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from accounts.models import ScopeKind, User
from accounts.permissions import Action, get_for_user, granted, scope
from reports.models import Notification, Plan, Report, ReportingPeriod

S = Report.State
# A returned report is back with its body: until resubmitted it counts as not submitted.
IN_HAND = (S.SUBMITTED, S.ACCEPTED)


def report_get_for_user(user: User, pk: int, action: Action = Action.REPORT_VIEW) -> Report:
    return get_for_user(
        user,
        Report.objects.select_related("period__plan", "agency", "submitted_by", "reviewed_by"),
        action, pk=pk,
    )


def period_get_for_user(user: User, pk: int, action: Action = Action.PLAN_VIEW) -> ReportingPeriod:
    return get_for_user(user, ReportingPeriod.objects.select_related("plan"), action, pk=pk)


def report_items(report: Report) -> list[Any]:
    return list(report.items.select_related("task__lead").order_by("task__order", "task__pk"))


def reports_for_user(user: User) -> QuerySet[Report]:
    """The reports a user may open, newest deadline first (an agency reporter's own)."""
    return (scope(user, Report.objects.all(), Action.REPORT_VIEW)
            .select_related("period", "agency").order_by("-period__due_date", "agency__name"))


def plans_for_review(user: User) -> QuerySet[Plan]:
    """Plans of the provinces whose reports the user follows as the city (plans are
    readable by all, but a city follows its own cycle only). None for agency reporters."""
    plans = Plan.objects.all()
    if getattr(user, "is_superuser", False):
        return plans
    assignments = granted(user, Action.REPORT_VIEW)
    if any(a.scope_kind == ScopeKind.GLOBAL for a in assignments):
        return plans
    provinces = [a.org_unit_id for a in assignments if a.scope_kind == ScopeKind.PROVINCE]
    return plans.filter(province_id__in=provinces)


def is_city(user: User) -> bool:
    """Does the user follow reports city-wide (rather than fill in one body's)?"""
    return bool(getattr(user, "is_superuser", False)) or any(
        a.scope_kind in (ScopeKind.PROVINCE, ScopeKind.GLOBAL)
        for a in granted(user, Action.REPORT_VIEW))


def period_board_get_for_user(user: User, pk: int) -> ReportingPeriod:
    """A period whose board the user may see: the city's own periods only."""
    period = period_get_for_user(user, pk)
    if not plans_for_review(user).filter(pk=period.plan_id).exists():
        raise Http404
    return period


def plan_for_review(user: User, pk: int) -> Plan:
    plan = plans_for_review(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def periods_with_counts(user: User) -> QuerySet[ReportingPeriod]:
    """Periods of the plans the user's scope reaches, with their timeliness counts (one query)."""
    visible = scope(user, Report.objects.all(), Action.REPORT_VIEW).values("pk")
    done = Q(reports__state__in=IN_HAND)
    mine = Q(reports__pk__in=visible)
    return (
        scope(user, ReportingPeriod.objects.all(), Action.PLAN_VIEW)
        .filter(plan__in=plans_for_review(user))
        .select_related("plan")
        .annotate(
            n_total=Count("reports", filter=mine, distinct=True),
            n_on_time=Count("reports", distinct=True, filter=mine & done & Q(
                reports__submitted_at__date__lte=_due())),
            n_late=Count("reports", distinct=True, filter=mine & done & Q(
                reports__submitted_at__date__gt=_due())),
            n_accepted=Count("reports", distinct=True,
                             filter=mine & Q(reports__state=S.ACCEPTED)),
        )
        .annotate(n_missing=F("n_total") - F("n_on_time") - F("n_late"))
        .order_by("-due_date", "pk")
    )


def _due() -> Any:
    return F("due_date")


@dataclass
class Board:
    period: ReportingPeriod
    on_time: list[Report] = field(default_factory=list)
    late: list[Report] = field(default_factory=list)
    missing: list[Report] = field(default_factory=list)

    @property
    def overdue(self) -> list[Report]:
        return self.missing


def report_timeliness(report: Report) -> str:
    """on_time / late / missing, by the latest submission (a resubmission after a return
    is when the city finally had a usable report)."""
    if report.state not in IN_HAND or report.submitted_at is None:
        return "missing"
    return "late" if report.period.is_late(report.submitted_at) else "on_time"


def board_for(user: User, period: ReportingPeriod) -> Board:
    """Every body's report of the period in the user's scope, split by timeliness.
    A constant number of queries, whatever the number of bodies."""
    board = Board(period=period)
    reports = (scope(user, Report.objects.filter(period=period), Action.REPORT_VIEW)
               .select_related("agency", "submitted_by").order_by("agency__plan_item",
                                                                  "agency__name"))
    for report in reports:
        report.period = period  # already loaded: no query per row
        getattr(board, report_timeliness(report)).append(report)
    return board


def notifications_for(user: User) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at")[:100])


# --- Reads for the API -------------------------------------------------------------------

def _provinces_reached(user: User, action: Action) -> list[int] | None:
    """The provinces whose plans concern the user's assignments granting `action` (a ward's
    or a body's province, a city role's own); None when the user reaches every province."""
    if getattr(user, "is_superuser", False):
        return None
    provinces: set[int] = set()
    for assignment in granted(user, action):
        if assignment.scope_kind == ScopeKind.GLOBAL:
            return None
        if assignment.scope_kind == ScopeKind.PROVINCE and assignment.org_unit_id:
            provinces.add(assignment.org_unit_id)
        elif assignment.scope_kind == ScopeKind.WARD and assignment.org_unit is not None:
            if assignment.org_unit.province_id:
                provinces.add(assignment.org_unit.province_id)
        elif assignment.scope_kind == ScopeKind.AGENCY and assignment.agency is not None:
            provinces.add(assignment.agency.province_id)
    return sorted(provinces)


def period_register(*, actor: User, plan: int | None = None, kind: str = "",
                    year: int | None = None) -> QuerySet[ReportingPeriod]:
    """The reporting periods of the plans of the provinces the actor works in, each with
    how many of its reports the actor may read (`n_reports`), in one query."""
    periods = scope(actor, ReportingPeriod.objects.all(), Action.PLAN_VIEW)
    provinces = _provinces_reached(actor, Action.PLAN_VIEW)
    if provinces is not None:
        periods = periods.filter(plan__province_id__in=provinces)
    if plan is not None:
        periods = periods.filter(plan_id=plan)
    if kind:
        periods = periods.filter(kind=kind)
    if year is not None:
        periods = periods.filter(year=year)
    visible = scope(actor, Report.objects.all(), Action.REPORT_VIEW).values("pk")
    return (periods.select_related("plan")
            .annotate(n_reports=Count("reports", filter=Q(reports__pk__in=visible),
                                      distinct=True))
            .order_by("pk"))


def _with_item_counts(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Each report's items counted by status (`n_items`, `n_<status>`, `n_unset`)."""
    from reports.models import ReportItem

    by_status = {f"n_{status}": Count("items", filter=Q(items__status=status))
                 for status in ReportItem.Status.values}
    return reports.annotate(n_items=Count("items"),
                            n_unset=Count("items", filter=Q(items__status="")), **by_status)


def report_register(*, actor: User, period: int | None = None, agency: int | None = None,
                    state: str = "", year: int | None = None) -> QuerySet[Report]:
    """The reports the actor may read (a body's reporter its own, a ward's People's
    Committee its ward's, the city its province's), with their items counted by status."""
    reports = scope(actor, Report.objects.all(), Action.REPORT_VIEW)
    if period is not None:
        reports = reports.filter(period_id=period)
    if agency is not None:
        reports = reports.filter(agency_id=agency)
    if state:
        reports = reports.filter(state=state)
    if year is not None:
        reports = reports.filter(period__year=year)
    return _with_item_counts(reports.select_related("period", "agency")).order_by("pk")


def report_counted_get_for_user(actor: User, pk: int,
                                action: Action = Action.REPORT_VIEW) -> Report:
    """One report with its items counted by status: 404 outside the actor's scope, 403
    when the actor may read it but not do `action`."""
    reports = _with_item_counts(Report.objects.select_related("period__plan", "agency"))
    return get_for_user(actor, reports, action, pk=pk)
