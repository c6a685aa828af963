"""Reads for the city map: which wards, their figures or readiness, and their outlines."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import Action, require, scope
from assessments.models import Assessment, Registration
from indicators import geo
from indicators.models import IndicatorDefinition, WardBoundary, WardYearTotal
from units.models import OrgUnit
from units.selectors import current_commune_units

CLASSES = 5
# From the worst to the best class; "higher is better" puts the best on the highest values.
PALETTE_BAD_TO_GOOD = ("#c0392b", "#e67e22", "#f1c40f", "#9ccc65", "#2e7d32")
NO_DATA_COLOUR = "#d5d9de"

READINESS = "readiness"
# Readiness category → (label, colour), in legend order.
READINESS_CATEGORIES: dict[str, tuple[Any, str]] = {
    "recognised": (gettext_lazy("Recognised"), "#2e7d32"),
    "in_review": (gettext_lazy("Submitted, under review"), "#f1c40f"),
    "returned": (gettext_lazy("Returned for changes"), "#e67e22"),
    "preparing": (gettext_lazy("Registered, preparing the dossier"), "#90caf9"),
    "not_recognised": (gettext_lazy("Not recognised or revoked"), "#c0392b"),
    "not_registered": (gettext_lazy("Not registered"), NO_DATA_COLOUR),
}
_STATE_CATEGORY: dict[str, str] = {
    Assessment.State.DRAFT: "preparing",
    Assessment.State.SUBMITTED: "in_review",
    Assessment.State.UNDER_REVIEW: "in_review",
    Assessment.State.ACCEPTED: "in_review",
    Assessment.State.OPINIONS_ATTACHED: "in_review",
    Assessment.State.APPRAISAL: "in_review",
    Assessment.State.RETURNED: "returned",
    Assessment.State.RECOGNISED: "recognised",
    Assessment.State.NOT_RECOGNISED: "not_recognised",
    Assessment.State.REVOKED: "not_recognised",
}


def _visible_wards(actor: User) -> QuerySet[OrgUnit]:
    wards = OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
    return scope(actor, wards, Action.INDICATOR_VIEW)


def map_provinces(actor: User) -> QuerySet[OrgUnit]:
    """Provinces where the actor sees at least one current ward's indicators."""
    return OrgUnit.objects.filter(
        pk__in=_visible_wards(actor).values("province_id")
    ).order_by("code")


def map_province_get_for_user(actor: User, code: str = "",
                              action: Action = Action.INDICATOR_VIEW) -> OrgUnit:
    """The province whose map the actor asked for (or their first one); 404 if none."""
    provinces = map_provinces(actor)
    province = (provinces.filter(code=code) if code else provinces).first()
    if province is None:
        raise Http404
    if action != Action.INDICATOR_VIEW:
        require(actor, action, province)
    return province


def map_wards(actor: User, province: OrgUnit) -> list[OrgUnit]:
    return list(_visible_wards(actor).filter(province=province).order_by("code"))


def map_indicators() -> QuerySet[IndicatorDefinition]:
    return IndicatorDefinition.objects.filter(is_active=True).select_related(
        "numerator", "denominator"
    )


def map_indicator_get(code: str) -> IndicatorDefinition | None:
    return map_indicators().filter(code=code).first() if code else None


def boundary_codes_known(province: OrgUnit) -> set[str]:
    return set(current_commune_units(province).values_list("code", flat=True))


def boundary_count(province: OrgUnit) -> int:
    return WardBoundary.objects.filter(ward__province=province).count()


def ward_values(indicator: IndicatorDefinition, ward_ids: Iterable[int],
                year: int) -> dict[int, Decimal]:
    """Each ward's figure for the year: the sum, the monthly average, or the ratio."""
    ids = list(ward_ids)

    def totals(ind: IndicatorDefinition) -> dict[int, tuple[Decimal, int]]:
        rows = WardYearTotal.objects.filter(indicator=ind, year=year, ward_id__in=ids,
                                            count__gt=0)
        return {r.ward_id: (r.total, r.count) for r in rows}

    if indicator.aggregation == IndicatorDefinition.Aggregation.RATIO:
        assert indicator.numerator is not None and indicator.denominator is not None
        top, bottom = totals(indicator.numerator), totals(indicator.denominator)
        factor = Decimal(100) if "%" in indicator.unit else Decimal(1)
        return {ward: top[ward][0] * factor / bottom[ward][0]
                for ward in top if ward in bottom and bottom[ward][0]}
    rows = totals(indicator)
    if indicator.aggregation == IndicatorDefinition.Aggregation.AVERAGE:
        return {ward: total / count for ward, (total, count) in rows.items()}
    return {ward: total for ward, (total, _count) in rows.items()}


def ward_readiness(province: OrgUnit, ward_ids: Iterable[int], year: int) -> dict[int, str]:
    """Each ward's category in the year's recognition round of the province."""
    ids = list(ward_ids)
    found: dict[int, str] = dict.fromkeys(ids, "not_registered")
    registered = Registration.objects.filter(
        round__province=province, round__year=year, ward_id__in=ids
    ).values_list("ward_id", flat=True)
    for ward_id in registered:
        found[ward_id] = "preparing"
    states = Assessment.objects.filter(
        round__province=province, round__year=year, ward_id__in=ids
    ).values_list("ward_id", "state")
    for ward_id, state in states:
        found[ward_id] = _STATE_CATEGORY.get(state, "preparing")
    return found


@dataclass(frozen=True)
class Classes:
    """Quantile classes: `index[i]` is the class of the i-th value (0 = lowest values)."""

    index: list[int]
    ranges: list[tuple[Decimal, Decimal]]  # per class actually used: (min, max)


def quantile_classes(values: list[Decimal], classes: int = CLASSES) -> Classes:
    """Up to `classes` classes holding about the same number of values each.

    Equal values always share a class, so there may be fewer classes than asked.
    """
    if not values:
        return Classes([], [])
    ordered = sorted(values)
    n = len(ordered)
    first_rank: dict[Decimal, int] = {}
    for rank, value in enumerate(ordered):
        first_rank.setdefault(value, rank)
    raw = [first_rank[v] * classes // n for v in values]
    used = sorted(set(raw))
    renumber = {old: new for new, old in enumerate(used)}
    index = [renumber[c] for c in raw]
    ranges = []
    for new in range(len(used)):
        members = [v for v, c in zip(values, index, strict=True) if c == new]
        ranges.append((min(members), max(members)))
    return Classes(index, ranges)


def palette(count: int, higher_is_better: bool) -> list[str]:
    """`count` colours from the lowest class to the highest."""
    if count <= 0:
        return []
    if count == 1:
        picks = [PALETTE_BAD_TO_GOOD[2]]
    else:
        step = (len(PALETTE_BAD_TO_GOOD) - 1) / (count - 1)
        picks = [PALETTE_BAD_TO_GOOD[round(i * step)] for i in range(count)]
    return picks if higher_is_better else picks[::-1]


@dataclass
class MapCell:
    ward: OrgUnit
    url: str
    colour: str
    label: str  # the value or the category, for the tooltip and the table
    path: str = ""  # SVG path data when the ward has an outline
    x: float = 0
    y: float = 0


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    count: int


@dataclass
class MapData:
    cells: list[MapCell]
    legend: list[LegendEntry]
    width: int
    height: int
    uses_boundaries: bool
    tile: int


def _ward_url(code: str) -> str:
    try:
        return reverse("indicators:ward", args=[code])
    except NoReverseMatch:  # the ward dashboard is wired by indicators/urls_dashboard.py
        return f"/indicators/{code}/"


def _format(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.01")).normalize()
    text = f"{rounded:,f}"
    return text.replace(",", "\u202f").replace(".", ",")


TILE = 40
TILE_GAP = 4


def map_data(*, province: OrgUnit, wards: list[OrgUnit], indicator: IndicatorDefinition | None,
             year: int) -> MapData:
    ids = [w.pk for w in wards]
    legend: list[LegendEntry] = []
    colours: dict[int, str] = {}
    labels: dict[int, str] = {}
    if indicator is None:
        categories = ward_readiness(province, ids, year)
        for key, (label, colour) in READINESS_CATEGORIES.items():
            members = [w for w, c in categories.items() if c == key]
            for ward_id in members:
                colours[ward_id] = colour
                labels[ward_id] = str(label)
            legend.append(LegendEntry(colour, str(label), len(members)))
    else:
        values = ward_values(indicator, ids, year)
        with_values = [w for w in ids if w in values]
        classes = quantile_classes([values[w] for w in with_values])
        colours_by_class = palette(len(classes.ranges), indicator.higher_is_better)
        unit = f" {indicator.unit}" if indicator.unit else ""
        for ward_id, cls in zip(with_values, classes.index, strict=True):
            colours[ward_id] = colours_by_class[cls]
            labels[ward_id] = _format(values[ward_id]) + unit
        for cls, (low, high) in enumerate(classes.ranges):
            text = _format(low) if low == high else f"{_format(low)} – {_format(high)}"
            legend.append(LegendEntry(colours_by_class[cls], text + unit,
                                      classes.index.count(cls)))
        missing = len(ids) - len(with_values)
        legend.append(LegendEntry(NO_DATA_COLOUR, _("No figures"), missing))
        for ward_id in ids:
            colours.setdefault(ward_id, NO_DATA_COLOUR)
            labels.setdefault(ward_id, _("No figures"))

    cells = [MapCell(ward=w, url=_ward_url(w.code), colour=colours[w.pk], label=labels[w.pk])
             for w in wards]
    outlines = dict(WardBoundary.objects.filter(ward_id__in=ids).values_list(
        "ward__code", "geometry"))
    if outlines:
        projected = geo.project(outlines)
        for cell in cells:
            cell.path = projected.paths.get(cell.ward.code, "")
        return MapData(cells, legend, projected.width, projected.height, True, 0)
    # No outlines yet: an equal-area grid, one square per ward, in code order.
    columns = max(1, math.ceil(math.sqrt(len(cells) * 1.6)))
    step = TILE + TILE_GAP
    for number, cell in enumerate(cells):
        cell.x = (number % columns) * step + TILE_GAP
        cell.y = (number // columns) * step + TILE_GAP
    rows = max(1, math.ceil(len(cells) / columns))
    return MapData(cells, legend, columns * step + TILE_GAP, rows * step + TILE_GAP, False, TILE)
