"""Writes of indicator values. Every change adjusts the dashboard totals in the same
transaction, so the totals always equal a fresh aggregate of the values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from core.imports import decimal_from_text
from core.totals import Reconciled, reconcile, writers_held
from indicators.models import (
    IndicatorDefinition,
    IndicatorValue,
    ProvinceMonthTotal,
    WardYearTotal,
)
from units.models import OrgUnit

MAX_VALUE = Decimal("999999999")


def parse_indicator_value(indicator: IndicatorDefinition, raw: Any) -> Decimal:
    """A typed figure as a Decimal, or a ValidationError saying what is wrong with it."""
    text = str(raw if raw is not None else "").strip().replace(" ", "")
    if text == "":
        raise ValidationError(_("Enter a number."), code="required")
    if "," in text and "." in text:
        text = text.replace(".", "")  # 1.234,5: dots group thousands
    try:
        value = decimal_from_text(text.replace(",", "."))
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": str(raw)[:40]},
                              code="number") from None
    if value < 0:
        raise ValidationError(_("The value cannot be negative."), code="negative")
    if value > MAX_VALUE:
        raise ValidationError(_("The value is too large."), code="too_large")
    if indicator.whole_number and value != value.to_integral_value():
        raise ValidationError(_("%(name)s is counted in whole numbers.")
                              % {"name": indicator.name}, code="whole")
    return value


def month_start(day: date) -> date:
    return day.replace(day=1)


def _check_month(month: date) -> None:
    if month > month_start(timezone.localdate()):
        raise ValidationError(_("%(month)s has not happened yet; figures are entered after "
                                "the month.") % {"month": f"{month:%m/%Y}"}, code="future")


def _check_bounds(indicator: IndicatorDefinition, ward: OrgUnit, month: date,
                  value: Decimal, pending: dict[int, Decimal] | None = None) -> None:
    """"Solved" may not exceed "reported" for the same ward and month (either way round).

    `pending` holds other values being saved in the same batch, by indicator id.
    """
    def current(other: IndicatorDefinition) -> Decimal | None:
        if pending and other.pk in pending:
            return pending[other.pk]
        row = IndicatorValue.objects.filter(indicator=other, ward=ward, month=month).first()
        return row.value if row else None

    if indicator.not_above_id:
        assert indicator.not_above is not None
        ceiling = current(indicator.not_above)
        if ceiling is not None and value > ceiling:
            raise ValidationError(
                _("%(name)s (%(value)s) cannot be more than %(other)s (%(ceiling)s).")
                % {"name": indicator.name, "value": value.normalize(),
                   "other": indicator.not_above.name, "ceiling": ceiling.normalize()},
                code="above",
            )
    for below in IndicatorDefinition.objects.filter(not_above=indicator):
        floor = current(below)
        if floor is not None and floor > value:
            raise ValidationError(
                _("%(name)s (%(value)s) cannot be less than %(other)s (%(floor)s).")
                % {"name": indicator.name, "value": value.normalize(), "other": below.name,
                   "floor": floor.normalize()},
                code="below",
            )


def _adjust_totals(*, indicator: IndicatorDefinition, ward: OrgUnit, month: date,
                   delta: Decimal, count_delta: int) -> None:
    province_id = ward.province_id or ward.pk
    month_row, _created = ProvinceMonthTotal.objects.select_for_update().get_or_create(
        indicator=indicator, province_id=province_id, month=month
    )
    ProvinceMonthTotal.objects.filter(pk=month_row.pk).update(
        total=F("total") + delta, count=F("count") + count_delta
    )
    year_row, _created = WardYearTotal.objects.select_for_update().get_or_create(
        indicator=indicator, ward=ward, year=month.year
    )
    WardYearTotal.objects.filter(pk=year_row.pk).update(
        total=F("total") + delta, count=F("count") + count_delta
    )


@transaction.atomic
def indicator_value_set(
    *, actor: User, ward: OrgUnit, indicator: IndicatorDefinition, month: date, raw: Any,
    pending: dict[int, Decimal] | None = None,
) -> IndicatorValue:
    """Record (or correct) one ward's figure for a month and adjust the totals with it."""
    require(actor, Action.INDICATOR_EDIT, ward)
    refusal = indicator.typing_refusal()
    if refusal:
        raise ValidationError(refusal, code="computed")
    month = month_start(month)
    _check_month(month)
    value = parse_indicator_value(indicator, raw)
    _check_bounds(indicator, ward, month, value, pending)
    existing = (IndicatorValue.objects.select_for_update()
                .filter(indicator=indicator, ward=ward, month=month).first())
    if existing is None:
        row = IndicatorValue.objects.create(indicator=indicator, ward=ward, month=month,
                                            value=value, entered_by=actor)
        _adjust_totals(indicator=indicator, ward=ward, month=month, delta=value, count_delta=1)
        return row
    if existing.value != value:
        delta = value - existing.value
        existing.value = value
        existing.entered_by = actor
        existing.save()
        _adjust_totals(indicator=indicator, ward=ward, month=month, delta=delta, count_delta=0)
    return existing


@transaction.atomic
def indicator_value_clear(*, actor: User, value: IndicatorValue) -> None:
    require(actor, Action.INDICATOR_EDIT, value.ward)
    _adjust_totals(indicator=value.indicator, ward=value.ward, month=value.month,
                   delta=-value.value, count_delta=-1)
    value.delete()


@transaction.atomic
def indicator_year_figure_record(*, actor: User | None, ward: OrgUnit, code: str, year: int,
                                 value: Decimal) -> None:
    """Record a yearly figure that another app computed (`IndicatorDefinition.filled_by`),
    for services that have already checked their own right to change it.

    The year's figure is filed under December. Months of the same year that were typed
    before the system took the figure over are removed (the audit log keeps them), so the
    year's total is the system's figure alone; earlier years keep their typed history.
    """
    indicator = IndicatorDefinition.objects.filter(code=code).first()
    if indicator is None:  # the province removed the indicator: nothing to feed
        return
    december = date(year, 12, 1)
    for old in (IndicatorValue.objects.select_for_update().filter(
            indicator=indicator, ward=ward, month__year=year).exclude(month=december)):
        _adjust_totals(indicator=indicator, ward=ward, month=old.month, delta=-old.value,
                       count_delta=-1)
        old.delete()
    existing = (IndicatorValue.objects.select_for_update()
                .filter(indicator=indicator, ward=ward, month=december).first())
    if existing is None:
        IndicatorValue.objects.create(indicator=indicator, ward=ward, month=december,
                                      value=value, entered_by=actor)
        _adjust_totals(indicator=indicator, ward=ward, month=december, delta=value,
                       count_delta=1)
    elif existing.value != value:
        delta = value - existing.value
        existing.value, existing.entered_by = value, actor
        existing.save()
        _adjust_totals(indicator=indicator, ward=ward, month=december, delta=delta,
                       count_delta=0)


def totals_rebuild() -> list[Reconciled]:
    """Recompute every total from the values and repair what differs (manage.py
    rebuild_totals, after a bulk load or a restore; the national data generator).

    One indicator at a time, so that memory holds one indicator's totals, each with
    writers kept out (core.totals.writers_held).
    """
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractYear

    months = Reconciled(table=ProvinceMonthTotal._meta.db_table)
    years = Reconciled(table=WardYearTotal._meta.db_table)
    indicator_ids = set(IndicatorDefinition.objects.values_list("pk", flat=True))
    for indicator_id in sorted(indicator_ids):
        with writers_held(IndicatorValue._meta.db_table):
            values = IndicatorValue.objects.filter(indicator_id=indicator_id)
            months.add(reconcile(
                stored=ProvinceMonthTotal.objects.filter(indicator_id=indicator_id),
                key=("indicator_id", "province_id", "month"), values=("total", "count"),
                expected=(((indicator_id, r["ward__province_id"], r["month"]),
                           (r["total"], r["n"]))
                          for r in values.values("ward__province_id", "month")
                          .annotate(total=Sum("value"), n=Count("pk")).order_by()),
            ))
            years.add(reconcile(
                stored=WardYearTotal.objects.filter(indicator_id=indicator_id),
                key=("indicator_id", "ward_id", "year"), values=("total", "count"),
                expected=(((indicator_id, r["ward_id"], r["year"]), (r["total"], r["n"]))
                          for r in values.annotate(year=ExtractYear("month"))
                          .values("ward_id", "year")
                          .annotate(total=Sum("value"), n=Count("pk")).order_by()),
            ))
    return [months, years]
