"""Writes for equipment: inventories, procurement plans and the catalogue, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from facilities import equipment_io
from facilities.equipment_io import ImportErrors, RowError
from facilities.models import EquipmentItem, InventoryLine, ProcurementPlan
from facilities.selectors import facility_wards
from units.models import OrgUnit

FIRST_PLAN_YEAR = 2024
LAST_PLAN_YEAR = 2030  # the plan's horizon


@dataclass(frozen=True)
class LineInput:
    item: EquipmentItem
    usable: int
    unusable: int
    notes: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def inventory_update(*, actor: User, ward: OrgUnit, lines: list[LineInput]) -> int:
    """Save the ward's counts for the given items; returns how many lines changed."""
    require(actor, Action.FACILITY_EDIT, ward)
    for line in lines:
        if line.usable < 0 or line.unusable < 0:
            raise ValidationError(_("Counts cannot be negative."))
    changed = 0
    with transaction.atomic():
        existing = {
            line.item_id: line
            for line in InventoryLine.objects.select_for_update().filter(ward=ward)
        }
        for entry in lines:
            current = existing.get(entry.item.pk)
            values = (entry.usable, entry.unusable, entry.notes)
            if current is None:
                if values == (0, 0, ""):
                    continue  # no line already means none of it
                InventoryLine.objects.create(
                    ward=ward, item=entry.item, usable=entry.usable, unusable=entry.unusable,
                    notes=entry.notes, updated_by=actor,
                )
            elif (current.usable, current.unusable, current.notes) != values:
                current.usable, current.unusable, current.notes = values
                current.updated_by = actor
                current.save()
            else:
                continue
            changed += 1
    return changed


def procurement_validate(*, year: int, quantity: int, budget: Decimal,
                         expected_delivery: date | None) -> dict[str, str]:
    """Field name → problem; empty when the plan line is valid."""
    errors: dict[str, str] = {}
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        errors["year"] = _("The year must be from %(first)d to %(last)d.") % {
            "first": FIRST_PLAN_YEAR, "last": LAST_PLAN_YEAR}
    if quantity <= 0:
        errors["quantity"] = _("The quantity must be more than 0.")
    if budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if expected_delivery is not None and "year" not in errors and expected_delivery.year != year:
        errors["expected_delivery"] = _("The expected delivery must fall within %(year)d.") % {
            "year": year}
    return errors


def _check_plan(**values: Any) -> None:
    errors = procurement_validate(
        year=values["year"], quantity=values["quantity"], budget=values["budget"],
        expected_delivery=values["expected_delivery"],
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def procurement_create(
    *, actor: User, ward: OrgUnit, item: EquipmentItem, year: int, quantity: int,
    budget: Decimal, expected_delivery: date | None, delivered: bool,
) -> ProcurementPlan:
    require(actor, Action.FACILITY_EDIT, ward)
    _check_plan(year=year, quantity=quantity, budget=budget, expected_delivery=expected_delivery)
    return ProcurementPlan.objects.create(
        ward=ward, item=item, year=year, quantity=quantity, budget=budget,
        expected_delivery=expected_delivery, delivered=delivered,
    )


@transaction.atomic
def procurement_update(
    *, actor: User, plan: ProcurementPlan, item: EquipmentItem, year: int, quantity: int,
    budget: Decimal, expected_delivery: date | None, delivered: bool,
) -> ProcurementPlan:
    require(actor, Action.FACILITY_EDIT, plan)
    _check_plan(year=year, quantity=quantity, budget=budget, expected_delivery=expected_delivery)
    plan.item, plan.year, plan.quantity, plan.budget = item, year, quantity, budget
    plan.expected_delivery, plan.delivered = expected_delivery, delivered
    plan.save()
    return plan


@transaction.atomic
def procurement_delete(*, actor: User, plan: ProcurementPlan) -> None:
    require(actor, Action.FACILITY_EDIT, plan)
    plan.delete()


@transaction.atomic
def catalogue_import(*, actor: User, uploaded_file: Any) -> ImportResult:
    """Create or update catalogue items by code; items not in the file are left alone."""
    require(actor, Action.CATALOGUE_MANAGE)
    rows = equipment_io.parse_catalogue(uploaded_file)
    existing = {item.code: item for item in EquipmentItem.objects.select_for_update()}
    next_order = (EquipmentItem.objects.aggregate(m=Max("order"))["m"] or 0) + 10
    created = updated = unchanged = 0
    for row in rows:
        item = existing.get(row.code)
        values = {"name": row.name, "category": row.category, "unit_of_measure": row.unit,
                  "norm_per_unit": row.norm}
        if item is None:
            # New items go after the existing ones, in the file's order.
            EquipmentItem.objects.create(code=row.code, order=next_order, **values)
            next_order += 10
            created += 1
        elif any(getattr(item, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(item, k, v)
            item.save()
            updated += 1
        else:
            unchanged += 1
    return ImportResult(created, updated, unchanged)


@transaction.atomic
def inventory_import(*, actor: User, uploaded_file: Any) -> ImportResult:
    """Set the counts of many wards at once; every ward must be one the actor may edit."""
    require(actor, Action.FACILITY_EDIT)
    rows, errors = equipment_io.parse_inventory(uploaded_file)
    ward_codes = {r.ward_code for r in rows}
    known = set(OrgUnit.objects.filter(
        kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True, code__in=ward_codes,
    ).values_list("code", flat=True))
    editable = {w.code: w for w in facility_wards(actor=actor, action=Action.FACILITY_EDIT)
                .filter(code__in=ward_codes)}
    items = {i.code: i for i in EquipmentItem.objects.filter(
        code__in={r.item_code for r in rows})}
    for row in rows:
        if not row.ward_code or not row.item_code:
            continue  # already reported as missing
        if row.ward_code not in known:
            errors.append(RowError(row.row, "ward", _(
                "No current ward has the code “%(code)s”.") % {"code": row.ward_code[:30]}))
        elif row.ward_code not in editable:
            errors.append(RowError(row.row, "ward", _(
                "You may not edit the equipment of ward %(code)s.") % {"code": row.ward_code}))
        if row.item_code not in items:
            errors.append(RowError(row.row, "item", _(
                "The catalogue has no item “%(code)s”.") % {"code": row.item_code[:30]}))
    if errors:
        order = list(equipment_io.INVENTORY_COLUMNS)
        raise ImportErrors(sorted(errors, key=lambda e: (e.row or 0, order.index(e.column)
                                                         if e.column in order else 0)))
    existing = {
        (line.ward_id, line.item_id): line
        for line in InventoryLine.objects.select_for_update().filter(
            ward__in=editable.values(), item__in=items.values())
    }
    to_create: list[InventoryLine] = []
    to_update: list[InventoryLine] = []
    unchanged = 0
    for row in rows:
        ward, item = editable[row.ward_code], items[row.item_code]
        line = existing.get((ward.pk, item.pk))
        values = (row.usable, row.unusable, row.notes)
        if line is None:
            if values == (0, 0, ""):
                unchanged += 1  # no line already means none of it
                continue
            to_create.append(InventoryLine(ward=ward, item=item, usable=row.usable,
                                           unusable=row.unusable, notes=row.notes,
                                           updated_by=actor))
        elif (line.usable, line.unusable, line.notes) != values:
            line.usable, line.unusable, line.notes = values
            line.updated_by = actor
            to_update.append(line)
        else:
            unchanged += 1
    InventoryLine.objects.bulk_create(to_create)
    # bulk_update skips auto_now, so the time is set here.
    now = timezone.now()
    for line in to_update:
        line.updated_at = now
    InventoryLine.objects.bulk_update(to_update, ["usable", "unusable", "notes", "updated_by",
                                                  "updated_at"])
    return ImportResult(len(to_create), len(to_update), unchanged)
