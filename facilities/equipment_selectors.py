"""Reads for the equipment catalogue, ward inventories, gaps and procurement plans.

A ward with no inventory line for an item has none of it: its gap is the whole norm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from facilities.models import EquipmentItem, InventoryLine, ProcurementPlan
from facilities.selectors import catalogue, facility_wards
from units.models import OrgUnit


def equipment_ward_get_for_user(
    actor: User, code: str, action: Action = Action.FACILITY_VIEW
) -> OrgUnit:
    """A current ward, commune or special zone by official code: 404 outside scope, 403 inside
    without the right."""
    wards = OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
    return get_for_user(actor, wards, action, code=code)


def procurement_get_for_user(
    actor: User, ward: OrgUnit, pk: int, action: Action = Action.FACILITY_VIEW
) -> ProcurementPlan:
    plans = ProcurementPlan.objects.filter(ward=ward).select_related("item", "ward")
    return get_for_user(actor, plans, action, pk=pk)


def gap(norm: int, usable: int) -> int:
    """What is missing to reach the norm; a surplus never offsets another item's gap."""
    return max(norm - usable, 0)


@dataclass
class InventoryRow:
    item: EquipmentItem
    usable: int = 0
    unusable: int = 0
    notes: str = ""
    planned: dict[int, int] = field(default_factory=dict)  # year → undelivered quantity

    @property
    def norm(self) -> int:
        return self.item.norm_per_unit

    @property
    def gap(self) -> int:
        return gap(self.item.norm_per_unit, self.usable)


def inventory_rows(ward: OrgUnit) -> list[InventoryRow]:
    """Every catalogue item with what the ward has of it and what it still expects."""
    lines = {line.item_id: line for line in InventoryLine.objects.filter(ward=ward)}
    planned: dict[int, dict[int, int]] = defaultdict(dict)
    for item_id, year, quantity in (
        ProcurementPlan.objects.filter(ward=ward, delivered=False)
        .values("item_id", "year").annotate(quantity=Sum("quantity"))
        .values_list("item_id", "year", "quantity").order_by("year")
    ):
        planned[item_id][year] = quantity
    rows = []
    for item in catalogue():
        line = lines.get(item.pk)
        rows.append(InventoryRow(
            item=item,
            usable=line.usable if line else 0,
            unusable=line.unusable if line else 0,
            notes=line.notes if line else "",
            planned=planned.get(item.pk, {}),
        ))
    return rows


def is_equipped(rows: list[InventoryRow]) -> bool:
    """Equipped to norm: a catalogue exists and no item has a gap."""
    return bool(rows) and all(row.gap == 0 for row in rows)


def ward_procurements(ward: OrgUnit) -> QuerySet[ProcurementPlan]:
    return (ProcurementPlan.objects.filter(ward=ward).select_related("item")
            .order_by("year", "item__order", "item__code", "pk"))


@dataclass
class OverviewRow:
    ward: OrgUnit
    items_with_gap: int
    gap_units: int
    planned_units: int
    budget: Decimal

    @property
    def equipped(self) -> bool:
        return self.items_with_gap == 0


@dataclass
class Overview:
    rows: list[OverviewRow]
    item_count: int

    @property
    def equipped_count(self) -> int:
        return sum(1 for row in self.rows if row.equipped) if self.item_count else 0

    @property
    def equipped_share(self) -> float | None:
        """Percentage of wards equipped to norm; None when there is no ward to count."""
        if not self.rows:
            return None
        return round(100 * self.equipped_count / len(self.rows), 1)


def equipment_overview(actor: User) -> Overview:
    """Key equipment numbers of every ward the actor sees, in a fixed number of queries."""
    wards = list(facility_wards(actor=actor))
    items = list(catalogue())
    usable: dict[int, dict[int, int]] = defaultdict(dict)
    for ward_id, item_id, count in InventoryLine.objects.filter(ward__in=wards).values_list(
        "ward_id", "item_id", "usable"
    ):
        usable[ward_id][item_id] = count
    # Planned units count what is still to come; the budget counts every plan line.
    plans = {
        row["ward_id"]: row
        for row in ProcurementPlan.objects.filter(ward__in=wards).values("ward_id").annotate(
            planned=Sum("quantity", filter=Q(delivered=False)), budget=Sum("budget"),
        ).order_by()
    }
    rows = []
    for ward in wards:
        gaps = [gap(item.norm_per_unit, usable[ward.pk].get(item.pk, 0)) for item in items]
        plan = plans.get(ward.pk, {})
        rows.append(OverviewRow(
            ward=ward,
            items_with_gap=sum(1 for g in gaps if g),
            gap_units=sum(gaps),
            planned_units=plan.get("planned") or 0,
            budget=plan.get("budget") or Decimal(0),
        ))
    return Overview(rows=rows, item_count=len(items))


def inventory_lines_by_ward(wards: QuerySet[OrgUnit]) -> dict[tuple[int, int], InventoryLine]:
    """(ward id, item id) → line, in one query."""
    return {(line.ward_id, line.item_id): line
            for line in InventoryLine.objects.filter(ward__in=wards)}


def equipment_catalogue(
    *, actor: User, code: str | None = None, category: str | None = None
) -> QuerySet[EquipmentItem]:
    """The catalogue with its norms, for whoever may see equipment at all (it is the same
    for every unit, so the scope only asks whether the actor holds the right)."""
    items = scope(actor, catalogue(), Action.FACILITY_VIEW)
    if code:
        items = items.filter(code=code)
    if category:
        items = items.filter(category=category)
    return items


def equipment_items_by_id(ids: Iterable[int]) -> dict[int, EquipmentItem]:
    """id → catalogue item for the ids that exist, in one query (reference data)."""
    return {item.pk: item for item in catalogue().filter(pk__in=set(ids))}


def equipment_gap_wards(*, actor: User, ward: int | None = None) -> QuerySet[OrgUnit]:
    """The current wards whose equipment the actor may see, optionally one of them."""
    wards = facility_wards(actor=actor)
    return wards.filter(pk=ward) if ward is not None else wards


def inventory_lines(
    *, actor: User, ward: int | None = None, item: int | None = None
) -> QuerySet[InventoryLine]:
    """The stored inventory lines the actor may see, with their item (for the norm)."""
    lines = scope(actor, InventoryLine.objects.all(), Action.FACILITY_VIEW)
    if ward is not None:
        lines = lines.filter(ward_id=ward)
    if item is not None:
        lines = lines.filter(item_id=item)
    return lines.select_related("item")


@dataclass
class WardEquipment:
    """One ward's inventory against the catalogue, every item included (see inventory_rows)."""

    ward: OrgUnit
    rows: list[InventoryRow]

    @property
    def equipped(self) -> bool:
        return is_equipped(self.rows)

    @property
    def items_with_gap(self) -> int:
        return sum(1 for row in self.rows if row.gap)

    @property
    def gap_units(self) -> int:
        return sum(row.gap for row in self.rows)


def ward_equipment(wards: Sequence[OrgUnit]) -> list[WardEquipment]:
    """`inventory_rows` for many wards (already scoped by the caller) in three queries,
    however many wards and items: the catalogue, the lines, the undelivered plans."""
    ids = [ward.pk for ward in wards]
    items = list(catalogue())
    lines = inventory_lines_by_ward(OrgUnit.objects.filter(pk__in=ids))
    planned: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for ward_id, item_id, year, quantity in (
        ProcurementPlan.objects.filter(ward_id__in=ids, delivered=False)
        .values("ward_id", "item_id", "year").annotate(quantity=Sum("quantity"))
        .values_list("ward_id", "item_id", "year", "quantity").order_by("year")
    ):
        planned[ward_id, item_id][year] = quantity
    result = []
    for ward in wards:
        rows = []
        for item in items:
            line = lines.get((ward.pk, item.pk))
            rows.append(InventoryRow(
                item=item,
                usable=line.usable if line else 0,
                unusable=line.unusable if line else 0,
                notes=line.notes if line else "",
                planned=planned.get((ward.pk, item.pk), {}),
            ))
        result.append(WardEquipment(ward=ward, rows=rows))
    return result
