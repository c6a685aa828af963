"""Reads for the units pages, through the permission layer: 404 outside the user's scope."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from units.models import Agency, OrgUnit


def unit_list(*, actor: User, q: str = "", kind: str = "") -> QuerySet[OrgUnit]:
    """Current province and commune-level units the actor may see."""
    units = OrgUnit.objects.filter(
        kind__in=[OrgUnit.Kind.PROVINCE, *OrgUnit.COMMUNE_LEVEL], valid_to__isnull=True
    )
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind:
        units = units.filter(kind=kind)
    return scope(actor, units, Action.UNIT_VIEW).select_related("province").order_by("code")


def unit_get_for_user(actor: User, code: str, action: Action = Action.UNIT_VIEW) -> OrgUnit:
    """A province or commune-level unit by official code; the current one wins over history."""
    units = OrgUnit.objects.exclude(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).order_by(
        F("valid_to").desc(nulls_first=True)
    )
    return get_for_user(actor, units, action, code=code)


def current_wards() -> QuerySet[OrgUnit]:
    """The current wards, communes and special zones, unscoped: callers scope them."""
    return OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)


def current_ward_get_for_user(actor: User, code: str, action: Action) -> OrgUnit:
    """A current ward, commune or special zone by official code (404 / 403 as usual)."""
    return get_for_user(actor, current_wards(), action, code=code)


def agency_list(*, actor: User) -> QuerySet[Agency]:
    """The bodies of the plan, current and former (with the body they merged into); the
    wards' People's Committees are counted apart (`ward_committee_count`)."""
    return (scope(actor, Agency.objects.filter(is_active=True, org_unit__isnull=True),
                  Action.AGENCY_VIEW)
            .prefetch_related("merged_into__successor", "members").order_by("plan_item", "code"))


def ward_committee_count(*, actor: User) -> int:
    return scope(actor, Agency.objects.filter(is_active=True, org_unit__isnull=False),
                 Action.AGENCY_VIEW).count()


def unit_register(*, actor: User, kind: str = "", code: str = "", current: bool | None = None,
                  parent: int | None = None) -> QuerySet[OrgUnit]:
    """Every unit the actor may see, history included, with the mergers that link a unit
    to its predecessors and successor (the register another system mirrors)."""
    units = OrgUnit.objects.all()
    if kind:
        units = units.filter(kind=kind)
    if code:
        units = units.filter(code=code)
    if current is not None:
        units = units.filter(valid_to__isnull=current)
    if parent is not None:
        units = units.filter(parent_id=parent)
    return (scope(actor, units, Action.UNIT_VIEW)
            .prefetch_related("mergers_in__predecessors", "merged_into"))


def agency_register(*, actor: User, current: bool | None = None) -> QuerySet[Agency]:
    """The bodies the actor may see, the wards' People's Committees and former bodies too."""
    agencies = Agency.objects.all()
    if current is not None:
        agencies = agencies.filter(valid_to__isnull=current, is_active=current)
    return (scope(actor, agencies, Action.AGENCY_VIEW)
            .prefetch_related("mergers_in__predecessors", "merged_into"))
