"""The road-to-2030 city page: access, scope, what it shows, bounded queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from facilities.models import (
    EquipmentItem,
    HeadquartersRecord,
    InventoryLine,
    InvestmentProject,
    ProcurementPlan,
)
from facilities.roadmap_selectors import projection_for
from testing.clients import login
from testing.factories import WardFactory
from units.models import OrgUnit

URL = "/facilities/roadmap/"


def _own(ward, day=None):
    return HeadquartersRecord.objects.create(
        ward=ward, valid_from=day or timezone.localdate(), status="own")


def test_it_is_named_roadmap():
    assert reverse("facilities:roadmap") == URL


def test_it_sends_anonymous_users_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_a_role_without_facility_view(client, world):
    login(client, world.user(Role.AGENCY_REPORTER))
    assert client.get(URL).status_code == 403


def test_it_counts_only_the_wards_of_the_coordinator_province(world):
    _own(world.far_ward)
    result = projection_for(world.user(Role.CITY_COORDINATOR), timezone.localdate())
    assert (result.rows[-1].wards, result.rows[-1].independent) == (2, 0)


def test_it_shows_a_ward_officer_only_its_own_ward(world):
    _own(world.other_ward)
    result = projection_for(world.user(Role.WARD_OFFICER), timezone.localdate())
    assert [e.ward.code for e in result.hq_off_track] == ["00070"]
    assert result.rows[-1].wards == 1


def test_it_shows_the_share_with_independent_headquarters_this_year(client, world, english):
    _own(world.ward)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(URL)
    assert response.status_code == 200
    row = next(r for r in response.context["projection"].rows
               if r.year == timezone.localdate().year)
    assert (row.independent, str(row.independent_share)) == (1, "50.0")
    assert "1 · 50.0%" in response.content.decode()


def test_it_counts_a_project_due_by_2030_from_the_database(world):
    InvestmentProject.objects.create(
        ward=world.ward, kind="new_build", title="Trụ sở mới", stage="approved",
        expected_completion=date(2029, 6, 30))
    result = projection_for(world.user(Role.CITY_COORDINATOR), timezone.localdate())
    assert {r.year: r.independent for r in result.rows if r.year >= 2028} == {
        2028: 0, 2029: 1, 2030: 1}


def test_it_reads_past_years_from_the_records_on_31_december(world):
    HeadquartersRecord.objects.create(ward=world.ward, valid_from=date(2024, 2, 1),
                                      status="borrowed_city")
    _own(world.ward, date(2025, 3, 1))
    result = projection_for(world.user(Role.CITY_COORDINATOR), date(2026, 6, 1))
    assert [(r.year, r.independent) for r in result.rows if r.is_past] == [(2024, 0), (2025, 1)]


def test_it_links_each_off_track_ward_to_its_page(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    html = client.get(URL).content.decode()
    assert f'href="{reverse("facilities:ward", args=["00004"])}"' in html


def test_it_lists_the_missing_equipment_with_the_quantity(client, world):
    item = EquipmentItem.objects.create(code="radio", name="Bộ đàm", norm_per_unit=3)
    InventoryLine.objects.create(ward=world.ward, item=item, usable=1)
    ProcurementPlan.objects.create(ward=world.ward, item=item, year=2027, quantity=1)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(URL)
    off = {e.ward.code: [(m.item.name, m.quantity) for m in e.missing]
           for e in response.context["projection"].equipment_off_track}
    assert off == {"00070": [("Bộ đàm", 1)], "00004": [("Bộ đàm", 3)]}
    assert "Bộ đàm × 1" in response.content.decode()


def test_it_says_equipment_history_is_not_kept(client, world, english):
    login(client, world.user(Role.CITY_COORDINATOR))
    assert "Equipment history is not kept" in client.get(URL).content.decode()


def _populate(province, wards: int) -> None:
    items = [EquipmentItem.objects.get_or_create(
        code=f"item-{n}", defaults={"name": f"Item {n}", "norm_per_unit": 2})[0]
        for n in range(2)]
    today = timezone.localdate()
    for n in range(wards):
        ward: OrgUnit = WardFactory(parent=province)  # type: ignore[assignment]
        HeadquartersRecord.objects.create(ward=ward, valid_from=date(2024, 1, 1),
                                          status="shared")
        HeadquartersRecord.objects.create(ward=ward, valid_from=today - timedelta(days=1),
                                          status="own" if n % 2 else "none")
        InvestmentProject.objects.create(ward=ward, kind="transfer", title=f"P{n}",
                                         expected_completion=date(2031, 1, 1))
        for item in items:
            InventoryLine.objects.create(ward=ward, item=item, usable=n % 3)
            ProcurementPlan.objects.create(ward=ward, item=item, year=2028, quantity=1)


def _queries(client, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_it_reads_the_same_number_of_queries_for_3_and_30_wards(client, world):
    user = world.user(Role.CITY_COORDINATOR)
    login(client, user)
    _populate(world.province, 3)
    few = _queries(client, user)
    _populate(world.province, 27)
    assert _queries(client, user) == few
