"""Reads about administrative units. Every aggregate over a unit's history uses `lineage`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from units.models import OrgUnit, UnitMerger


def _predecessor_edges() -> dict[int, list[tuple[int, date]]]:
    """successor id → [(predecessor id, effective date)], read in one query."""
    edges: dict[int, list[tuple[int, date]]] = {}
    through = UnitMerger.predecessors.through.objects.values_list(
        "unitmerger__successor_id", "orgunit_id", "unitmerger__effective_date"
    )
    for successor_id, predecessor_id, effective in through:
        if successor_id != predecessor_id:
            edges.setdefault(successor_id, []).append((predecessor_id, effective))
    return edges


def lineage_ids(unit: OrgUnit, period_start: date | None = None) -> set[int]:
    """Ids of the units whose data belongs to `unit` for a period starting on `period_start`.

    That is the unit itself and, transitively, every unit merged into it on a date after
    the period began: data such a unit recorded before it ceased to exist is now the
    successor's. Without `period_start` the whole history is included.
    """
    return lineages([unit.pk], period_start)[unit.pk]


def lineages(unit_ids: list[int], period_start: date | None = None) -> dict[int, set[int]]:
    """`lineage_ids` of many units at once, with the mergers read in one query."""
    edges = _predecessor_edges()
    found_by_unit: dict[int, set[int]] = {}
    for unit_id in unit_ids:
        found = {unit_id}
        stack = [unit_id]
        while stack:
            for predecessor_id, effective in edges.get(stack.pop(), ()):
                if predecessor_id in found or (
                        period_start is not None and effective <= period_start):
                    continue
                found.add(predecessor_id)
                stack.append(predecessor_id)
        found_by_unit[unit_id] = found
    return found_by_unit


def groups_on(commune: OrgUnit, day: date) -> QuerySet[OrgUnit]:
    """The residential groups of a commune-level unit on a day, including those still
    attached to units merged into it."""
    parents = lineage_ids(commune)
    return OrgUnit.objects.filter(
        kind=OrgUnit.Kind.RESIDENTIAL_GROUP, parent_id__in=parents,
    ).exclude(valid_from__gt=day).exclude(valid_to__lt=day).order_by("code", "pk")


def lineage(unit: OrgUnit, period_start: date | None = None) -> QuerySet[OrgUnit]:
    """The units whose data belongs to `unit` for a period starting on `period_start`."""
    return OrgUnit.objects.filter(pk__in=lineage_ids(unit, period_start))


def current_commune_units(province: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        province=province, kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True
    )


def residential_groups(commune: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        parent=commune, kind=OrgUnit.Kind.RESIDENTIAL_GROUP, valid_to__isnull=True
    ).order_by("code")


def unit_by_code(code: str, *, allow_historical: bool = False) -> OrgUnit:
    """The current (non-group) unit with an official code, for commands and loaders.

    GSO reused old ward codes in 2025, so a code may also name retired units; with
    `allow_historical` a retired unit is accepted when no current unit has the code and
    exactly one retired unit ever had it. Raises ValidationError otherwise.
    """
    units = list(OrgUnit.objects.exclude(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).filter(code=code))
    current = [u for u in units if u.valid_to is None]
    candidates = current or (units if allow_historical else [])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        if units:
            raise ValidationError(
                _("Unit %(code)s no longer exists (it was retired on %(date)s).")
                % {"code": code, "date": f"{max(u.valid_to for u in units if u.valid_to):%d/%m/%Y}"}
            )
        raise ValidationError(_("No unit has the code %(code)s.") % {"code": code})
    names = ", ".join(f"{u.name} ({u.get_kind_display()})" for u in candidates)
    raise ValidationError(
        _("Several units have the code %(code)s: %(names)s.") % {"code": code, "names": names}
    )



def agency_lineages() -> dict[int, set[int]]:
    """successor id → the ids of every body merged into it, transitively (one query): the
    bodies whose assignments it carries."""
    from units.models import AgencyMerger

    edges: dict[int, set[int]] = {}
    for successor_id, predecessor_id in AgencyMerger.predecessors.through.objects.values_list(
            "agencymerger__successor_id", "agency_id"):
        if successor_id != predecessor_id:
            edges.setdefault(successor_id, set()).add(predecessor_id)
    found: dict[int, set[int]] = {}
    for successor_id in edges:
        seen: set[int] = set()
        stack = [successor_id]
        while stack:
            for predecessor_id in edges.get(stack.pop(), ()):
                if predecessor_id not in seen:
                    seen.add(predecessor_id)
                    stack.append(predecessor_id)
        found[successor_id] = seen
    return found
