from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from facilities.equipment_selectors import equipment_overview
from facilities.models import EquipmentItem, InventoryLine, ProcurementPlan
from testing.clients import login
from testing.factories import WardFactory
from testing.sheets import table


def _sheet(content):
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return sheet


@pytest.fixture
def items(db):
    return [
        EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=3, order=1),
        EquipmentItem.objects.create(code="bo-dam", name="Bộ đàm", norm_per_unit=8, order=2),
    ]


def _equip(ward, items):
    for item in items:
        InventoryLine.objects.create(ward=ward, item=item, usable=item.norm_per_unit)


def test_it_sums_gaps_plans_and_budget_per_ward(world, items):
    InventoryLine.objects.create(ward=world.ward, item=items[1], usable=5)
    ProcurementPlan.objects.create(ward=world.ward, item=items[1], year=2027, quantity=3,
                                   budget=Decimal("12.5"))
    ProcurementPlan.objects.create(ward=world.ward, item=items[0], year=2026, quantity=3,
                                   budget=Decimal("4"), delivered=True)
    coordinator = world.user(Role.CITY_COORDINATOR)
    row = next(r for r in equipment_overview(coordinator).rows if r.ward == world.ward)
    assert (row.items_with_gap, row.gap_units, row.planned_units, row.budget) == (
        2, 6, 3, Decimal("16.5"))


def test_it_computes_the_share_of_wards_equipped(world, items):
    _equip(world.ward, items)
    overview = equipment_overview(world.user(Role.CITY_COORDINATOR))
    assert (overview.equipped_count, overview.equipped_share) == (1, 50.0)


def test_it_shows_a_ward_officer_only_their_ward(world, items):
    overview = equipment_overview(world.user(Role.WARD_OFFICER))
    assert [r.ward for r in overview.rows] == [world.ward]


@pytest.mark.parametrize("extra_wards", [1, 28])
def test_it_renders_the_city_table_in_an_exact_number_of_queries(
        client, world, items, extra_wards, django_assert_num_queries):
    for _ in range(extra_wards):
        ward = WardFactory(parent=world.province)
        InventoryLine.objects.create(ward=ward, item=items[0], usable=1)
        ProcurementPlan.objects.create(ward=ward, item=items[0], year=2027, quantity=2)
    login(client, world.user(Role.CITY_LEADER))
    with django_assert_num_queries(12):
        response = client.get(reverse("facilities:equipment_overview"))
    assert len(response.context["overview"].rows) == extra_wards + 2


def test_it_exports_the_city_table(client, world, items):
    _equip(world.ward, items)
    login(client, world.user(Role.CITY_LEADER))
    content = client.get(reverse("facilities:equipment_overview_export")).content
    _headings, rows = table(_sheet(content))
    assert rows[0][:4] == ("00004", "Phường Ba Đình", 2, 11)
    assert rows[1][6] == "x"


def test_it_renders_the_ward_section_with_the_items_short(world, items, english):
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=3)
    ProcurementPlan.objects.create(ward=world.ward, item=items[1], year=2027, quantity=4)
    request = RequestFactory().get("/")
    request.user = world.user(Role.WARD_OFFICER)
    html = Template("{% include 'facilities/_equipment_section.html' %}").render(
        Context({"ward": world.ward, "request": request}))
    assert "Not yet equipped to norm" in html
    assert "Bộ đàm" in html and "2027: 4" in html
    assert "Máy in" not in html
    assert reverse("facilities:procurement", args=["00070"]) in html


def test_it_loads_the_sample_catalogue_idempotently(db):
    call_command("load_sample_equipment", stdout=io.StringIO())
    first = list(EquipmentItem.objects.order_by("code").values())
    call_command("load_sample_equipment", stdout=io.StringIO())
    assert len(first) == 12
    assert list(EquipmentItem.objects.order_by("code").values()) == first


def test_it_keeps_imported_norms_when_loading_the_sample_again(db):
    EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=7)
    call_command("load_sample_equipment", stdout=io.StringIO())
    assert EquipmentItem.objects.get(code="may-in").norm_per_unit == 7
