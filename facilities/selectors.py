"""Reads about headquarters and equipment shared by every page and the 2030 projection."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from directory.selectors import current_wards
from facilities.models import EquipmentItem, HeadquartersRecord, InventoryLine
from units.models import OrgUnit


def facility_wards(*, actor: User, action: Action = Action.FACILITY_VIEW) -> QuerySet[OrgUnit]:
    """The current commune-level units whose facilities the actor may see (or edit)."""
    units = OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
    return scope(actor, units, action).order_by("code")


def headquarters_on(ward: OrgUnit, day: date) -> HeadquartersRecord | None:
    """The headquarters situation of `ward` on `day`: its latest record on or before it."""
    return (HeadquartersRecord.objects.filter(ward=ward, valid_from__lte=day)
            .order_by("-valid_from", "-pk").first())


def headquarters_by_ward(wards: QuerySet[OrgUnit], day: date) -> dict[int, HeadquartersRecord]:
    """The situation on `day` of every ward in `wards`, in one query."""
    latest = (HeadquartersRecord.objects.filter(ward=OuterRef("ward"), valid_from__lte=day)
              .order_by("-valid_from", "-pk").values("pk")[:1])
    records = HeadquartersRecord.objects.filter(
        ward__in=wards, pk=Subquery(latest)
    ).select_related("ward")
    return {record.ward_id: record for record in records}


def usable_by_ward(wards: QuerySet[OrgUnit]) -> dict[int, dict[int, int]]:
    """ward id → item id → usable count, in one query."""
    result: dict[int, dict[int, int]] = {}
    for ward_id, item_id, usable in InventoryLine.objects.filter(ward__in=wards).values_list(
        "ward_id", "item_id", "usable"
    ):
        result.setdefault(ward_id, {})[item_id] = usable
    return result


def catalogue() -> QuerySet[EquipmentItem]:
    return EquipmentItem.objects.all()


def facility_ward_get_for_user(
    actor: User, pk: int, action: Action = Action.FACILITY_VIEW
) -> OrgUnit:
    """A current ward, commune or special zone by id (as the API names it): 404 outside
    scope, 403 inside without the right."""
    return get_for_user(actor, current_wards(), action, pk=pk)
