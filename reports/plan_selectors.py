"""Reads about plans for views; every object a view shows comes through here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import ScopeKind, User
from accounts.permissions import Action, get_for_user, granted, scope
from reports.models import Plan, PlanTask
from units.models import Agency, OrgUnit


def plan_list(actor: User) -> QuerySet[Plan]:
    return scope(actor, Plan.objects.select_related("province"), Action.PLAN_VIEW)


def plan_get_for_user(actor: User, pk: int, action: Action = Action.PLAN_VIEW) -> Plan:
    return get_for_user(actor, Plan.objects.select_related("province"), action, pk=pk)


def plan_tasks(plan: Plan, *, agency: Agency | None = None) -> QuerySet[PlanTask]:
    """The plan's tasks in order; with `agency`, only those it leads or coordinates."""
    tasks = plan.tasks.select_related("lead").prefetch_related(
        Prefetch("coordinating", queryset=Agency.objects.order_by("plan_item", "code"))
    )
    if agency is not None:
        tasks = tasks.filter(Q(lead=agency) | Q(coordinating=agency)).distinct()
    return tasks.order_by("order", "pk")


def plan_bodies(plan: Plan) -> QuerySet[Agency]:
    """The bodies that lead or coordinate at least one task: the choices of the filter."""
    return Agency.objects.filter(
        Q(lead_tasks__plan=plan) | Q(coordinating_tasks__plan=plan)
    ).distinct().order_by("plan_item", "code")


def plan_import_province(actor: User) -> OrgUnit | None:
    """The province a new plan is imported into: the coordinator's own; for a system
    administrator (no province of their own), this installation's province."""
    for assignment in granted(actor, Action.PLAN_MANAGE):
        if assignment.scope_kind == ScopeKind.PROVINCE and assignment.org_unit is not None:
            return assignment.org_unit
    return OrgUnit.objects.filter(
        kind=OrgUnit.Kind.PROVINCE, code=settings.KIEUMAU_PROVINCE_CODE, valid_to__isnull=True
    ).first()


def plan_history(plan: Plan) -> list[Any]:
    """Every recorded change of the plan's identity (number, date, signer), newest first,
    from the audit trail."""
    from audit.models import AuditEntry

    return list(AuditEntry.objects.filter(model="reports.plan", object_id=str(plan.pk))
                .order_by("-at", "-pk")[:50])
