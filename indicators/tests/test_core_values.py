"""Indicator values: validation, and totals that always equal a fresh aggregate."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from accounts.models import Role
from indicators.models import IndicatorDefinition, IndicatorValue, ProvinceMonthTotal
from indicators.services import indicator_value_clear, indicator_value_set, totals_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    reported = IndicatorDefinition.objects.create(code="crimes-reported", name="Tội phạm xảy ra")
    solved = IndicatorDefinition.objects.create(code="crimes-solved", name="Tội phạm khám phá",
                                                not_above=reported)
    return reported, solved


def _set(actor, ward, indicator, raw, month=date(2026, 3, 1)):
    return indicator_value_set(actor=actor, ward=ward, indicator=indicator, month=month, raw=raw)


def _month_total(indicator, province, month=date(2026, 3, 1)):
    return ProvinceMonthTotal.objects.get(indicator=indicator, province=province, month=month)


def test_it_keeps_the_month_total_equal_to_the_values(world, pair):
    reported, _solved = pair
    officer = world.user(Role.WARD_OFFICER)
    other = world.user(Role.WARD_OFFICER, own=False)
    _set(officer, world.ward, reported, "12")
    _set(other, world.other_ward, reported, "5")
    _set(officer, world.ward, reported, "10")  # a correction
    total = _month_total(reported, world.province)
    fresh = IndicatorValue.objects.filter(indicator=reported).aggregate(s=Sum("value"))["s"]
    assert (total.total, total.count) == (fresh, 2) == (Decimal(15), 2)


def test_it_takes_a_cleared_value_out_of_the_totals(world, pair):
    reported, _solved = pair
    officer = world.user(Role.WARD_OFFICER)
    value = _set(officer, world.ward, reported, "12")
    indicator_value_clear(actor=officer, value=value)
    assert (_month_total(reported, world.province).total,
            _month_total(reported, world.province).count) == (0, 0)


def test_it_rebuilds_the_same_totals_from_scratch(world, pair):
    reported, solved = pair
    officer = world.user(Role.WARD_OFFICER)
    _set(officer, world.ward, reported, "12")
    _set(officer, world.ward, solved, "9")
    before = sorted(ProvinceMonthTotal.objects.values_list("indicator_id", "total", "count"))
    totals_rebuild()
    assert sorted(ProvinceMonthTotal.objects.values_list("indicator_id", "total", "count")) \
        == before


@pytest.mark.parametrize("raw, code", [("mười", "number"), ("-1", "negative"),
                                       ("2,5", "whole"), ("", "required")])
def test_it_refuses_a_bad_figure(world, pair, raw, code):
    with pytest.raises(ValidationError) as error:
        _set(world.user(Role.WARD_OFFICER), world.ward, pair[0], raw)
    assert error.value.code == code
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_month_that_has_not_happened(world, pair):
    with pytest.raises(ValidationError) as error:
        _set(world.user(Role.WARD_OFFICER), world.ward, pair[0], "3", month=date(2099, 1, 1))
    assert error.value.code == "future"


def test_it_refuses_more_solved_than_reported(world, pair):
    reported, solved = pair
    officer = world.user(Role.WARD_OFFICER)
    _set(officer, world.ward, reported, "4")
    with pytest.raises(ValidationError) as error:
        _set(officer, world.ward, solved, "5")
    assert error.value.code == "above"
    _set(officer, world.ward, solved, "4")
    with pytest.raises(ValidationError) as error:
        _set(officer, world.ward, reported, "3")  # would fall below what was solved
    assert error.value.code == "below"


def test_it_never_takes_a_typed_ratio(world, pair):
    reported, solved = pair
    rate = IndicatorDefinition.objects.create(
        code="solve-rate", name="Tỷ lệ khám phá", aggregation="ratio", numerator=solved,
        denominator=reported, whole_number=False,
    )
    with pytest.raises(ValidationError) as error:
        _set(world.user(Role.WARD_OFFICER), world.ward, rate, "80")
    assert error.value.code == "computed"
