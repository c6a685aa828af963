import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from testing.api import api_call, key_for
from testing.factories import ResidentialGroupFactory, WardFactory
from units.services import unit_merge

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_it_lists_units_with_their_lineage(client, world):
    old = WardFactory(parent=world.province, code="00073", name="Phường Hàng Bạc")
    unit_merge(actor=None, predecessors=[old, world.ward], successor=world.ward,
               effective_date=datetime.date(2025, 7, 1), legal_basis="Nghị quyết 1656")
    key = key_for(world.user(Role.CITY_COORDINATOR))
    rows = {row["code"]: row for row in api_call(
        client, "GET", "/api/v1/units/?kind=ward", key).json()["results"]}
    assert rows["00070"]["mergers_in"] == [{"effective_date": "2025-07-01",
                                            "legal_basis": "Nghị quyết 1656",
                                            "predecessors": [old.pk]}]
    assert rows["00073"]["successor"] == world.ward.pk
    assert rows["00073"]["valid_to"] == "2025-06-30"
    current = api_call(client, "GET", "/api/v1/units/?kind=ward&current=true", key).json()
    assert "00073" not in {row["code"] for row in current["results"]}


def test_it_keeps_units_list_within_the_ward(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    seen = _ids(api_call(client, "GET", "/api/v1/units/", key))
    assert {world.ward.pk, world.group.pk} <= seen
    assert not seen & {world.other_ward.pk, world.other_group.pk, world.far_ward.pk}
    assert _ids(api_call(client, "GET", f"/api/v1/units/?parent={world.other_ward.pk}",
                         key)) == set()


def test_it_keeps_unit_get_within_the_ward(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    assert api_call(client, "GET", f"/api/v1/units/{world.ward.pk}/", key).status_code == 200
    for unit in (world.other_ward, world.other_group, world.province):
        response = api_call(client, "GET", f"/api/v1/units/{unit.pk}/", key)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_it_keeps_agencies_list_within_the_ward(client, world):
    # A ward reads its province's register of bodies (as on the pages), never another's.
    key = key_for(world.user(Role.WARD_OFFICER))
    seen = _ids(api_call(client, "GET", "/api/v1/agencies/", key))
    assert world.agency.pk in seen
    far = key_for(world.user(Role.CITY_COORDINATOR, own=False))
    assert world.agency.pk not in _ids(api_call(client, "GET", "/api/v1/agencies/", far))


def test_it_pages_by_cursor_and_refuses_a_wrong_cursor_or_size(client, world):
    for number in range(5):
        ResidentialGroupFactory(parent=world.ward, code=f"T{number}")
    key = key_for(world.user(Role.WARD_OFFICER))
    first = api_call(client, "GET", "/api/v1/units/?page_size=3", key).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    second = api_call(client, "GET", first["next"], key).json()
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    for query in ("cursor=nonsense", "page_size=0", "page_size=501", "page_size=x",
                  "kind=castle", "parent=0", "parent=99999999999999999999"):
        response = api_call(client, "GET", f"/api/v1/units/?{query}", key)
        assert response.status_code in (400, 404), query
        assert response["Content-Type"] == "application/problem+json", query


def test_it_reads_units_in_the_same_queries_however_many(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    first = WardFactory(parent=world.province, code="00899")
    unit_merge(actor=None, predecessors=[first], successor=world.ward,
               effective_date=datetime.date(2025, 7, 1))

    def count() -> int:
        api_call(client, "GET", "/api/v1/units/", key)  # the key's "last used" written
        with CaptureQueriesContext(connection) as queries:
            assert api_call(client, "GET", "/api/v1/units/", key).status_code == 200
        return len(queries)

    few = count()
    for number in range(6):
        ward = WardFactory(parent=world.province, code=f"0090{number}")
        ResidentialGroupFactory(parent=ward)
        unit_merge(actor=None, predecessors=[ward], successor=world.other_ward,
                   effective_date=datetime.date(2025, 7, 1))
    assert count() == few
