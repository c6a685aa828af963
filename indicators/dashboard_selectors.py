"""Reads for the city and ward dashboards and the drill-down to the stored values.

The city dashboard reads the pre-aggregated totals only (ProvinceMonthTotal, WardYearTotal):
a request never scans IndicatorValue, so its cost does not grow with the number of values.
Charts are drawn server-side as inline SVG by core.charts (`bar_chart` / `line_chart`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from accounts.models import ScopeKind, User
from accounts.permissions import Action, granted, refusal, scope
from directory.selectors import unit_get_for_user
from indicators.models import (
    IndicatorDefinition,
    IndicatorValue,
    ProvinceMonthTotal,
    WardYearTotal,
)
from units.models import OrgUnit

Key = tuple[int, date]


# --- what the actor may see -------------------------------------------------------------

def dashboard_province_for_user(actor: User, code: str = "") -> OrgUnit | None:
    """The province whose dashboard the actor sees; None for ward-only roles.

    Raises PermissionDenied when no role grants INDICATOR_VIEW.
    """
    assignments = granted(actor, Action.INDICATOR_VIEW)
    if not assignments:
        raise PermissionDenied(refusal(Action.INDICATOR_VIEW))
    provinces = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True)
    if any(a.scope_kind == ScopeKind.GLOBAL for a in assignments):
        chosen = provinces.filter(code=code).first() if code else None
        return chosen or provinces.order_by("code").first()
    ids = [a.org_unit_id for a in assignments if a.scope_kind == ScopeKind.PROVINCE]
    if not ids:
        return None
    mine = provinces.filter(pk__in=ids).order_by("code")
    return (mine.filter(code=code).first() if code else None) or mine.first()


def own_ward_code(actor: User) -> str | None:
    for a in granted(actor, Action.INDICATOR_VIEW):
        if a.scope_kind == ScopeKind.WARD and a.org_unit is not None:
            return str(a.org_unit.code)
    return None


def dashboard_ward_get_for_user(actor: User, code: str) -> OrgUnit:
    return unit_get_for_user(actor, code, Action.INDICATOR_VIEW)


def indicator_list() -> list[IndicatorDefinition]:
    return list(IndicatorDefinition.objects.filter(is_active=True))


def indicator_pick(indicators: list[IndicatorDefinition], code: str
                   ) -> IndicatorDefinition | None:
    for ind in indicators:
        if ind.code == code:
            return ind
    return indicators[0] if indicators else None


# --- arithmetic over totals ---------------------------------------------------------------

def _q(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def figure(ind: IndicatorDefinition, sums: dict[int, tuple[Decimal, int]]) -> Decimal | None:
    """The indicator's figure from (total, count) per indicator id: sum, mean or ratio (%)."""
    if ind.is_computed:
        num = sums.get(ind.numerator_id or 0)
        den = sums.get(ind.denominator_id or 0)
        if not num or not den or not den[0]:
            return None
        return _q(Decimal(100) * num[0] / den[0])
    got = sums.get(ind.pk)
    if not got or not got[1]:
        return None
    if ind.aggregation == IndicatorDefinition.Aggregation.AVERAGE:
        return _q(got[0] / got[1])
    return _q(got[0])


@dataclass
class Trend:
    indicator: IndicatorDefinition
    months: list[Decimal | None]
    year_figure: Decimal | None
    previous_figure: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.year_figure is None or self.previous_figure in (None, Decimal(0)):
            return None
        assert self.previous_figure is not None
        return _q(Decimal(100) * (self.year_figure - self.previous_figure)
                  / self.previous_figure)

    @property
    def improved(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return (change > 0) == self.indicator.higher_is_better


def province_trends(province: OrgUnit, year: int, indicators: list[IndicatorDefinition]
                    ) -> list[Trend]:
    """Every indicator's monthly figure for the year and the year vs the previous one (1 query)."""
    monthly: dict[date, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    yearly: dict[int, dict[int, tuple[Decimal, int]]] = {year: {}, year - 1: {}}
    rows = ProvinceMonthTotal.objects.filter(
        province=province, month__gte=date(year - 1, 1, 1), month__lte=date(year, 12, 1)
    ).values_list("indicator_id", "month", "total", "count")
    for ind_id, month, total, count in rows:
        if month.year == year:
            monthly[month][ind_id] = (total, count)
        t, c = yearly[month.year].get(ind_id, (Decimal(0), 0))
        yearly[month.year][ind_id] = (t + total, c + count)
    return [
        Trend(indicator=ind,
              months=[figure(ind, monthly.get(date(year, m, 1), {})) for m in range(1, 13)],
              year_figure=figure(ind, yearly[year]),
              previous_figure=figure(ind, yearly[year - 1]))
        for ind in indicators
    ]


@dataclass
class Ranked:
    rank: int
    ward_id: int
    code: str
    name: str
    value: Decimal | None


def ward_ranking(province: OrgUnit, indicator: IndicatorDefinition, year: int) -> list[Ranked]:
    """The province's wards ordered best first by their year figure (1 query)."""
    wanted = ([indicator.numerator_id, indicator.denominator_id] if indicator.is_computed
              else [indicator.pk])
    by_ward: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    names: dict[int, tuple[str, str]] = {}
    rows = WardYearTotal.objects.filter(
        indicator_id__in=wanted, year=year, ward__province=province
    ).values_list("ward_id", "ward__code", "ward__name", "indicator_id", "total", "count")
    for ward_id, code, name, ind_id, total, count in rows:
        by_ward[ward_id][ind_id] = (total, count)
        names[ward_id] = (code, name)
    figures = [(ward_id, figure(indicator, sums)) for ward_id, sums in by_ward.items()]
    present = [(w, v) for w, v in figures if v is not None]
    present.sort(key=lambda wv: (-wv[1] if indicator.higher_is_better else wv[1],  # type: ignore[operator]
                                 names[wv[0]][0]))
    result = [Ranked(rank=i, ward_id=w, code=names[w][0], name=names[w][1], value=v)
              for i, (w, v) in enumerate(present, start=1)]
    return result


# --- the other programmes on the city dashboard -----------------------------------------------

@dataclass
class Readiness:
    rows: list[tuple[str, int]]
    total: int
    passing: int


def readiness(province: OrgUnit, year: int) -> Readiness | None:
    from assessments.models import Assessment

    rows = list(Assessment.objects.filter(round__province=province, round__year=year)
                .values("state").annotate(n=Count("pk"), ok=Count("pk", filter=Q(passes=True)))
                .order_by("state"))
    if not rows:
        return None
    labels = dict(Assessment.State.choices)
    return Readiness(rows=[(str(labels.get(r["state"], r["state"])), r["n"]) for r in rows],
                     total=sum(r["n"] for r in rows), passing=sum(r["ok"] for r in rows))


@dataclass
class Satisfaction:
    code: str
    name: str
    rate: Decimal | None
    answered: int
    valid: bool


def satisfaction(actor: User, province: OrgUnit, year: int) -> list[Satisfaction]:
    """Campaign rates per ward, from the consultations' tallies: the same few queries
    whatever the number of wards and answers."""
    from consultations.models import Campaign
    from consultations.selectors import counted_results

    if not granted(actor, Action.CONSULTATION_VIEW):
        return []
    campaigns = scope(actor, Campaign.objects.filter(ward__province=province, year=year),
                      Action.CONSULTATION_VIEW).select_related("ward").order_by("ward__code")
    return [Satisfaction(code=result.campaign.ward.code, name=result.campaign.ward.name,
                         rate=result.rate, answered=result.answered, valid=result.is_valid)
            for result in counted_results(campaigns, overall_only=True)]


def facilities_progress(actor: User, today: date) -> Any | None:
    """(this year's row, 2030 row) of the road-to-2030 projection, or None."""
    from facilities.roadmap_selectors import projection_for

    if not granted(actor, Action.FACILITY_VIEW):
        return None
    result = projection_for(actor, today)
    current = next((r for r in result.rows if r.year == today.year), None)
    if current is None and result.final is None:
        return None
    return {"current": current, "final": result.final}


def timeliness(actor: User) -> Any | None:
    """The latest reporting period with its on time / late / missing counts, or None."""
    from reports.report_selectors import periods_with_counts

    if not granted(actor, Action.REPORT_VIEW) or not granted(actor, Action.PLAN_VIEW):
        return None
    return periods_with_counts(actor).first()


# --- the ward dashboard -----------------------------------------------------------------------

@dataclass
class WardSeries:
    ward: list[Decimal | None]
    median: list[Decimal | None]
    rank: int | None = None
    ranked: int = 0
    year_figure: Decimal | None = None


def ward_series(ward: OrgUnit, indicator: IndicatorDefinition, year: int) -> WardSeries:
    """The ward's monthly figures beside the median over its province's wards (1 query)."""
    wanted = ([indicator.numerator_id, indicator.denominator_id] if indicator.is_computed
              else [indicator.pk])
    province_id = ward.province_id or ward.pk
    per: dict[Key, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        indicator_id__in=wanted, ward__province_id=province_id,
        month__gte=date(year, 1, 1), month__lte=date(year, 12, 1),
    ).values_list("ward_id", "month", "indicator_id", "value")
    for ward_id, month, ind_id, value in rows:
        per[(ward_id, month)][ind_id] = (value, 1)
    own: list[Decimal | None] = []
    median: list[Decimal | None] = []
    for m in range(1, 13):
        month = date(year, m, 1)
        figures = [f for (w, mo), sums in per.items() if mo == month
                   for f in [figure(indicator, sums)] if f is not None]
        own.append(figure(indicator, per.get((ward.pk, month), {})))
        median.append(_q(Decimal(statistics.median(figures))) if figures else None)
    result = WardSeries(ward=own, median=median)
    province = OrgUnit(pk=province_id)
    ranking = ward_ranking(province, indicator, year)
    result.ranked = len(ranking)
    for r in ranking:
        if r.ward_id == ward.pk:
            result.rank, result.year_figure = r.rank, r.value
    return result


# --- the drill-down -------------------------------------------------------------------------

def values_for_user(actor: User, *, indicator: str = "", ward: str = "", year: int | None = None,
                    month: int | None = None) -> QuerySet[IndicatorValue]:
    """The stored values behind a figure, narrowed to what the actor may see."""
    qs = IndicatorValue.objects.all()
    if indicator:
        ind = IndicatorDefinition.objects.filter(code=indicator).first()
        if ind is not None and ind.is_computed:
            qs = qs.filter(indicator_id__in=[ind.numerator_id, ind.denominator_id])
        else:
            qs = qs.filter(indicator__code=indicator)
    if ward:
        qs = qs.filter(ward__code=ward)
    if year:
        qs = qs.filter(month__year=year)
        if month:
            qs = qs.filter(month=date(year, month, 1))
    return (scope(actor, qs, Action.INDICATOR_VIEW)
            .select_related("indicator", "ward")
            .order_by("month", "ward__code", "indicator__order", "indicator__code"))


# --- the totals another system reads ------------------------------------------------------------

def province_month_totals_for_user(
    actor: User, *, indicator: str = "", province: int | None = None,
    year_from: int | None = None, year_to: int | None = None,
    month_from: date | None = None, month_to: date | None = None,
    ward: int | None = None, ward_code: str = "",
) -> QuerySet[ProvinceMonthTotal]:
    """A province's monthly totals, for the provinces whose dashboard the actor may read
    (none when one ward's totals are asked for).

    The totals have no entry in the permission layer's SCOPE_PATHS, so they are scoped
    through their province as a unit: a city role (province scope) or the administrator
    reaches the province; a ward role reaches its ward only, not the province, so it gets
    none, as the dashboard (`dashboard_province_for_user`) sends it to its ward's page. A
    province's sum would also give away the sum of the other wards.
    """
    if ward is not None or ward_code:
        # Asked for one ward's totals: a province's are no ward's.
        return ProvinceMonthTotal.objects.none()
    provinces = scope(actor, OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE),
                      Action.INDICATOR_VIEW)
    totals = ProvinceMonthTotal.objects.filter(province__in=provinces)
    if indicator:
        totals = totals.filter(indicator__code=indicator)
    if province is not None:
        totals = totals.filter(province_id=province)
    if year_from is not None:
        totals = totals.filter(month__gte=date(year_from, 1, 1))
    if year_to is not None:
        totals = totals.filter(month__lte=date(year_to, 12, 1))
    if month_from is not None:
        totals = totals.filter(month__gte=month_from)
    if month_to is not None:
        totals = totals.filter(month__lte=month_to)
    return totals.select_related("indicator", "province")


def ward_year_totals_for_user(
    actor: User, *, indicator: str = "", ward: int | None = None, ward_code: str = "",
    province: int | None = None, year_from: int | None = None, year_to: int | None = None,
    month_from: date | None = None, month_to: date | None = None,
) -> QuerySet[WardYearTotal]:
    """A ward's yearly totals, for the wards whose figures the actor may see; a range of
    months keeps the years that overlap it.

    Scoped through the ward as a unit of the permission layer (the totals have no entry in
    SCOPE_PATHS): the same wards as the values themselves (`indicators.indicatorvalue` is
    scoped by its ward), so a ward role sees its own ward (and the wards merged into it),
    a city role every ward of its province.
    """
    wards = scope(actor, OrgUnit.objects.all(), Action.INDICATOR_VIEW)
    totals = WardYearTotal.objects.filter(ward__in=wards)
    if indicator:
        totals = totals.filter(indicator__code=indicator)
    if ward is not None:
        totals = totals.filter(ward_id=ward)
    if ward_code:
        totals = totals.filter(ward__code=ward_code)
    if province is not None:
        totals = totals.filter(ward__province_id=province)
    if year_from is not None:
        totals = totals.filter(year__gte=year_from)
    if year_to is not None:
        totals = totals.filter(year__lte=year_to)
    # A year's total covers its twelve months: the years that overlap the months asked for.
    if month_from is not None:
        totals = totals.filter(year__gte=month_from.year)
    if month_to is not None:
        totals = totals.filter(year__lte=month_to.year)
    return totals.select_related("indicator", "ward__province")
