"""Reads for entering indicator values: the ward being entered, the definitions, the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import Action, scope
from directory.selectors import unit_get_for_user
from indicators.models import IndicatorDefinition, IndicatorValue
from units.models import OrgUnit


def entry_ward_get_for_user(actor: User, code: str) -> OrgUnit:
    """A current ward/commune the actor may enter figures for (404 outside scope, 403 no right)."""
    ward = unit_get_for_user(actor, code, Action.INDICATOR_EDIT)
    if not ward.is_commune_level or not ward.is_current:
        raise Http404
    return ward


def definition_list(*, actor: User) -> QuerySet[IndicatorDefinition]:
    """Every active definition (shared data), with the definitions it refers to."""
    return scope(actor, IndicatorDefinition.objects.filter(is_active=True),
                 Action.INDICATOR_VIEW).select_related("numerator", "denominator", "not_above")


def entry_indicators() -> list[IndicatorDefinition]:
    """The active monthly indicators in form order, typed and computed alike."""
    return list(IndicatorDefinition.objects.filter(
        is_active=True, period_type=IndicatorDefinition.PeriodType.MONTH,
    ).select_related("numerator", "denominator", "not_above"))


def ward_month_values(ward: OrgUnit, month: date) -> dict[int, Decimal]:
    """The stored figures of a ward for a month, by indicator id."""
    return dict(IndicatorValue.objects.filter(ward=ward, month=month)
                .values_list("indicator_id", "value"))


def editable_wards(actor: User) -> QuerySet[OrgUnit]:
    """Current wards and communes the actor may enter figures for."""
    return scope(actor, OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL,
                                               valid_to__isnull=True),
                 Action.INDICATOR_EDIT).order_by("code")


def computed_value(indicator: IndicatorDefinition, values: dict[int, Decimal]) -> Decimal | None:
    """A ratio from the ward's figures, in per cent; None when a part is missing or zero."""
    numerator = values.get(indicator.numerator_id or 0)
    denominator = values.get(indicator.denominator_id or 0)
    if numerator is None or not denominator:
        return None
    return (numerator * 100 / denominator).quantize(Decimal("0.1"))


def indicator_register(*, actor: User, code: str = "", active: bool | None = None
                       ) -> QuerySet[IndicatorDefinition]:
    """Every definition the actor may see (shared data: all of them, with INDICATOR_VIEW),
    retired ones too unless `active` says otherwise, with the definitions they refer to
    (another system mirrors the list)."""
    definitions = IndicatorDefinition.objects.all()
    if code:
        definitions = definitions.filter(code=code)
    if active is not None:
        definitions = definitions.filter(is_active=active)
    return scope(actor, definitions, Action.INDICATOR_VIEW).select_related(
        "numerator", "denominator", "not_above")


def indicator_value_register(*, actor: User, ward: int | None = None, ward_code: str = "",
                             indicator: str = "", month_from: date | None = None,
                             month_to: date | None = None) -> QuerySet[IndicatorValue]:
    """The stored figures the actor may see, by ward (id or code), indicator code and a
    range of months (first days, both included), with their ward and indicator."""
    values = IndicatorValue.objects.all()
    if ward is not None:
        values = values.filter(ward_id=ward)
    if ward_code:
        values = values.filter(ward__code=ward_code)
    if indicator:
        values = values.filter(indicator__code=indicator)
    if month_from is not None:
        values = values.filter(month__gte=month_from)
    if month_to is not None:
        values = values.filter(month__lte=month_to)
    return scope(actor, values, Action.INDICATOR_VIEW).select_related("ward", "indicator")
