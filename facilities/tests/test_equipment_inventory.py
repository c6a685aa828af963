from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from facilities.equipment_selectors import gap, inventory_rows, is_equipped
from facilities.models import EquipmentItem, InventoryLine
from testing.clients import login


@pytest.fixture
def items(db):
    return [
        EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=3, order=1),
        EquipmentItem.objects.create(code="bo-dam", name="Bộ đàm", norm_per_unit=8, order=2),
    ]


def _grid(items, values):
    data: dict[str, str] = {}
    for item, (usable, unusable, notes) in zip(items, values, strict=True):
        data |= {f"usable_{item.pk}": usable, f"unusable_{item.pk}": unusable,
                 f"notes_{item.pk}": notes}
    return data


def test_it_computes_the_gap_as_norm_minus_usable():
    assert gap(8, 5) == 3


def test_it_never_makes_the_gap_negative():
    assert gap(3, 7) == 0


def test_it_counts_a_missing_line_as_the_whole_norm(world, items):
    rows = inventory_rows(world.ward)
    assert [r.gap for r in rows] == [3, 8]


def test_it_is_equipped_only_when_no_item_has_a_gap(world, items):
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=3)
    InventoryLine.objects.create(ward=world.ward, item=items[1], usable=7, unusable=5)
    assert not is_equipped(inventory_rows(world.ward))
    InventoryLine.objects.filter(item=items[1]).update(usable=9)
    assert is_equipped(inventory_rows(world.ward))


def test_it_is_not_equipped_without_a_catalogue(world):
    assert not is_equipped(inventory_rows(world.ward))


def test_it_saves_the_whole_grid(client, world, items):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(reverse("facilities:inventory", args=["00070"]),
                           _grid(items, [("3", "1", "mới"), ("5", "", "")]))
    assert response.status_code == 302
    lines = {line.item.code: (line.usable, line.unusable, line.notes)
             for line in InventoryLine.objects.filter(ward=world.ward)}
    assert lines == {"may-in": (3, 1, "mới"), "bo-dam": (5, 0, "")}


def test_it_shows_the_equipped_badge(client, world, items, english):
    for item in items:
        InventoryLine.objects.create(ward=world.ward, item=item, usable=item.norm_per_unit)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("facilities:inventory", args=["00070"]))
    assert "Equipped to norm" in response.content.decode()


def test_it_saves_nothing_when_a_cell_is_bad_and_keeps_what_was_typed(
        client, world, items, english):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(reverse("facilities:inventory", args=["00070"]),
                           _grid(items, [("3", "1", ""), ("-2", "abc", "")]))
    html = response.content.decode()
    assert response.status_code == 400
    assert not InventoryLine.objects.exists()
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Enter a whole number." in html
    assert 'value="-2"' in html and 'value="abc"' in html


def test_it_lets_a_ward_officer_see_only_their_ward(client, world, items):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("facilities:inventory", args=["00070"])).status_code == 200
    assert client.get(reverse("facilities:inventory", args=["00004"])).status_code == 404


def test_it_answers_404_to_a_save_on_another_ward(client, world, items):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(reverse("facilities:inventory", args=["00004"]),
                           _grid(items, [("3", "0", ""), ("8", "0", "")]))
    assert response.status_code == 404
    assert not InventoryLine.objects.exists()


def test_it_lets_a_city_leader_read_but_not_save(client, world, items):
    login(client, world.user(Role.CITY_LEADER))
    url = reverse("facilities:inventory", args=["00070"])
    assert client.get(url).status_code == 200
    response = client.post(url, _grid(items, [("3", "0", ""), ("8", "0", "")]))
    assert response.status_code == 403
    assert not InventoryLine.objects.exists()


def test_it_shows_no_inputs_to_a_reader(client, world, items):
    login(client, world.user(Role.CITY_LEADER))
    html = client.get(reverse("facilities:inventory", args=["00070"])).content.decode()
    assert f'name="usable_{items[0].pk}"' not in html
