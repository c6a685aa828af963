from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from facilities.models import EquipmentItem, ProcurementPlan
from testing.clients import login


@pytest.fixture
def item(db):
    return EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=3)


@pytest.fixture
def officer(client, world):
    user = world.user(Role.WARD_OFFICER)
    login(client, user)
    return user


def _data(item, **overrides):
    data = {"item": item.pk, "year": "2027", "quantity": "2", "budget": "1.234,5",
            "expected_delivery": "15/06/2027", "delivered": ""}
    return data | overrides


def _add(client, data):
    return client.post(reverse("facilities:procurement", args=["00070"]), data)


def test_it_adds_a_line_with_a_decimal_comma_budget(client, world, item, officer):
    assert _add(client, _data(item)).status_code == 302
    plan = ProcurementPlan.objects.get()
    assert (plan.year, plan.quantity, plan.budget, plan.expected_delivery) == (
        2027, 2, Decimal("1234.5"), date(2027, 6, 15))


def test_it_accepts_a_decimal_point_budget(client, world, item, officer):
    _add(client, _data(item, budget="1234.5"))
    assert ProcurementPlan.objects.get().budget == Decimal("1234.5")


def test_it_refuses_a_year_after_2030(client, world, item, officer):
    response = _add(client, _data(item, year="2031"))
    assert response.status_code == 400
    assert not ProcurementPlan.objects.exists()


def test_it_refuses_a_zero_quantity(client, world, item, officer, english):
    response = _add(client, _data(item, quantity="0"))
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()


def test_it_refuses_a_negative_budget(client, world, item, officer, english):
    response = _add(client, _data(item, budget="-5"))
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()


def test_it_refuses_a_delivery_outside_the_year(client, world, item, officer, english):
    response = _add(client, _data(item, expected_delivery="01/01/2028"))
    html = response.content.decode()
    assert "The expected delivery must fall within 2027." in html
    assert 'value="01/01/2028"' in html
    assert not ProcurementPlan.objects.exists()


def test_it_edits_a_line(client, world, item, officer):
    plan = ProcurementPlan.objects.create(ward=world.ward, item=item, year=2026, quantity=1)
    url = reverse("facilities:procurement_edit", args=["00070", plan.pk])
    response = client.post(url, _data(item, year="2026", expected_delivery="",
                                      delivered="on"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.delivered and plan.quantity == 2


def test_it_deletes_a_line(client, world, item, officer):
    plan = ProcurementPlan.objects.create(ward=world.ward, item=item, year=2026, quantity=1)
    client.post(reverse("facilities:procurement_delete", args=["00070", plan.pk]))
    assert not ProcurementPlan.objects.exists()


def test_it_answers_404_for_a_line_of_another_ward(client, world, item, officer):
    plan = ProcurementPlan.objects.create(ward=world.other_ward, item=item, year=2026,
                                          quantity=1)
    response = client.post(reverse("facilities:procurement_delete", args=["00004", plan.pk]))
    assert response.status_code == 404
    assert ProcurementPlan.objects.exists()


def test_it_forbids_a_city_leader_to_add(client, world, item):
    login(client, world.user(Role.CITY_LEADER))
    assert _add(client, _data(item)).status_code == 403
    assert not ProcurementPlan.objects.exists()
