"""Splitting and merging residential groups from the ward's page (their lineage carries
the groups' history, the "An toàn về ANTT" registration among it)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from testing.clients import login
from testing.factories import ResidentialGroupFactory
from units.models import OrgUnit, UnitMerger

pytestmark = pytest.mark.django_db


def test_it_splits_a_group_into_new_groups(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    url = reverse("units:group_split", args=[world.ward.code, world.group.code])
    response = client.post(url, {"effective_date": "01/07/2026", "legal_basis": "QĐ 12",
                                 "code_1": "S1", "name_1": "Tổ S1", "code_2": "S2",
                                 "name_2": "Tổ S2"})
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert world.group.valid_to == date(2026, 6, 30)
    halves = OrgUnit.objects.filter(parent=world.ward, code__in=["S1", "S2"])
    assert halves.count() == 2
    assert UnitMerger.objects.filter(predecessors=world.group).count() == 2


def test_it_keeps_a_refused_split_as_typed(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    url = reverse("units:group_split", args=[world.ward.code, world.group.code])
    response = client.post(url, {"effective_date": "01/07/2026", "code_1": "S1",
                                 "name_1": "Tổ S1", "code_2": "S1", "name_2": "Tổ S1 bis"})
    assert response.status_code == 200
    assert 'value="Tổ S1 bis"' in response.content.decode()
    assert OrgUnit.objects.filter(parent=world.ward, code="S1").count() == 0


def test_it_merges_groups_into_the_one_that_continues(client, world):
    other = ResidentialGroupFactory(parent=world.ward, code="B2")
    login(client, world.user(Role.WARD_COMMITTEE))
    response = client.post(reverse("units:groups_merge", args=[world.ward.code]), {
        "groups": [world.group.pk, other.pk], "keep": world.group.pk,
        "effective_date": "01/06/2026"})
    assert response.status_code == 302
    other.refresh_from_db()
    world.group.refresh_from_db()
    assert other.valid_to == date(2026, 5, 31) and world.group.valid_to is None


def test_it_refuses_another_wards_groups_and_other_roles(client, world):
    login(client, world.user(Role.WARD_FRONT))
    assert client.get(reverse("units:groups_merge", args=[world.ward.code])).status_code == 403
    client.logout()
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("units:group_split", args=[
        world.other_ward.code, world.other_group.code])).status_code == 404
    response = client.post(reverse("units:groups_merge", args=[world.ward.code]), {
        "groups": [world.group.pk, world.other_group.pk], "keep": world.group.pk,
        "effective_date": "01/06/2026"})
    assert response.status_code == 200
    world.other_group.refresh_from_db()
    assert world.other_group.valid_to is None
