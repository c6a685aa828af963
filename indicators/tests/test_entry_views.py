"""Monthly entry of a ward's figures, the definitions list and the default set."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from indicators.models import IndicatorDefinition, IndicatorValue, ProvinceMonthTotal
from testing.clients import login

pytestmark = pytest.mark.django_db

MONTH = "2026-03"


@pytest.fixture
def defaults(db):
    call_command("load_indicators", verbosity=0)
    return {d.code: d for d in IndicatorDefinition.objects.all()}


@pytest.fixture
def officer(world, client, english):
    user = world.user(Role.WARD_OFFICER)
    login(client, user)
    return user


def _url(world, month=MONTH):
    return reverse("indicators:entry", args=[world.ward.code]) + f"?month={month}"


def _values():
    return {v.indicator.code: v.value for v in IndicatorValue.objects.select_related("indicator")}


def test_it_loads_the_default_set_idempotently(defaults):
    # The monthly indicators, and the yearly ones other parts of the system record
    # (the groups' recognitions, the models, the force).
    assert len(defaults) == 24
    assert {code for code, d in defaults.items() if d.filled_by} == {
        "residential-groups", "safe-residential-groups", "effective-movement-models",
        "force-headcount", "force-trained"}
    assert defaults["crimes-solved"].not_above == defaults["crimes-reported"]
    rate = defaults["crime-solve-rate"]
    assert (rate.is_computed, rate.numerator, rate.denominator, rate.higher_is_better) == (
        True, defaults["crimes-solved"], defaults["crimes-reported"], True)
    assert defaults["safe-residential-group-share"].denominator == defaults["residential-groups"]
    assert defaults["complaints-resolved"].not_above == defaults["complaints-received"]
    call_command("load_indicators", verbosity=0)
    assert IndicatorDefinition.objects.count() == len(defaults)


def test_it_lists_the_definitions_with_the_never_above_rule(world, client, defaults, english):
    login(client, world.user(Role.CITY_LEADER))
    response = client.get(reverse("indicators:definitions"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỷ lệ điều tra, khám phá án" in body
    assert "≤ Số vụ phạm tội về trật tự xã hội xảy ra" in body


def test_it_saves_every_typed_figure_of_the_month(world, client, officer, defaults):
    response = client.post(_url(world), {"crimes-reported": "12", "crimes-solved": "9",
                                         "fires": "1"})
    assert response.status_code == 302
    assert _values() == {"crimes-reported": 12, "crimes-solved": 9, "fires": 1}
    total = ProvinceMonthTotal.objects.get(indicator=defaults["crimes-reported"])
    assert (total.total, total.count) == (Decimal(12), 1)
    page = client.get(_url(world)).content.decode()
    assert 'value="12"' in page
    assert "75.0" in page  # the solve rate, computed and read-only


def test_it_saves_nothing_when_one_cell_is_wrong_and_keeps_what_was_typed(
        world, client, officer, defaults):
    response = client.post(_url(world), {"crimes-reported": "12", "crimes-solved": "9",
                                         "fires": "mười", "drug-cases": "2,5"})
    body = response.content.decode()
    assert response.status_code == 200
    assert not IndicatorValue.objects.exists()
    assert "“mười” is not a number." in body
    assert "is counted in whole numbers" in body
    assert 'value="mười"' in body and 'value="12"' in body


def test_it_refuses_more_solved_than_reported_in_the_same_form(world, client, officer, defaults):
    response = client.post(_url(world), {"crimes-reported": "5", "crimes-solved": "9"})
    body = response.content.decode()
    assert "cannot be more than" in body
    assert "cannot be less than" in body
    assert not IndicatorValue.objects.exists()


def test_it_refuses_solved_above_a_stored_reported_figure(world, client, officer, defaults):
    client.post(_url(world), {"crimes-reported": "5"})
    response = client.post(_url(world), {"crimes-reported": "5", "crimes-solved": "6"})
    assert "cannot be more than" in response.content.decode()
    assert _values() == {"crimes-reported": 5}


def test_it_refuses_a_typed_ratio(world, client, officer, defaults):
    response = client.post(_url(world), {"crimes-reported": "5", "crime-solve-rate": "80"})
    assert "is computed from other indicators" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_it_clears_a_figure_left_blank(world, client, officer, defaults):
    client.post(_url(world), {"crimes-reported": "5", "fires": "2"})
    client.post(_url(world), {"crimes-reported": "5", "fires": ""})
    assert _values() == {"crimes-reported": 5}
    total = ProvinceMonthTotal.objects.get(indicator=defaults["fires"])
    assert (total.total, total.count) == (0, 0)


def test_it_refuses_a_future_month(world, client, officer, defaults):
    response = client.get(_url(world, "2099-01"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "01/2099 has not happened yet" in body
    assert 'name="crimes-reported"' not in body
    response = client.post(_url(world, "2099-01"), {"crimes-reported": "1"})
    assert not IndicatorValue.objects.exists()


def test_it_says_a_malformed_month_is_not_a_month(world, client, officer, defaults):
    response = client.get(_url(world, "March"))
    assert response.status_code == 200
    assert "is not a month" in response.content.decode()


def test_it_hides_another_ward(world, client, officer, defaults):
    url = reverse("indicators:entry", args=[world.other_ward.code]) + f"?month={MONTH}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"crimes-reported": "1"}).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_it_lets_a_city_leader_see_but_not_enter(world, client, defaults, english):
    login(client, world.user(Role.CITY_LEADER))
    assert client.get(_url(world)).status_code == 403


def test_it_lets_the_city_coordinator_enter_for_any_ward_of_the_city(world, client, defaults,
                                                                      english):
    login(client, world.user(Role.CITY_COORDINATOR))
    url = reverse("indicators:entry", args=[world.other_ward.code]) + f"?month={MONTH}"
    assert client.post(url, {"fires": "3"}).status_code == 302
    assert IndicatorValue.objects.get().ward == world.other_ward
    province = reverse("indicators:entry", args=[world.province.code]) + f"?month={MONTH}"
    assert client.get(province).status_code == 404
