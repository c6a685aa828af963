"""The facilities operations: headquarters records, the equipment catalogue, inventories and
their gaps to norm, and the road to 2030, each within the key's ward."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Role
from audit.models import AuditEntry
from facilities.models import (
    EquipmentItem,
    HeadquartersRecord,
    InventoryLine,
    InvestmentProject,
    ProcurementPlan,
)
from testing.api import api_call, key_for
from testing.clock import hanoi
from testing.factories import WardFactory, user_with_role

HQ = "/api/v1/headquarters/"
ITEMS = "/api/v1/equipment-items/"
INVENTORIES = "/api/v1/inventories/"
GAPS = "/api/v1/equipment-gaps/"
ROADMAP = "/api/v1/roadmap/"

Status = HeadquartersRecord.Status


@pytest.fixture
def items(db: None) -> list[EquipmentItem]:
    return [
        EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=3, order=1,
                                     category="Văn phòng"),
        EquipmentItem.objects.create(code="bo-dam", name="Bộ đàm", norm_per_unit=8, order=2,
                                     category="Thông tin liên lạc", unit_of_measure="bộ"),
    ]


def _record(ward: Any, day: datetime.date, status: str = Status.BORROWED_COMMITTEE,
            **values: Any) -> HeadquartersRecord:
    return HeadquartersRecord.objects.create(ward=ward, valid_from=day, status=status,
                                             **values)


def _results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _error_fields(response: Any) -> set[str | None]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"] for e in response.json()["errors"]}


def _token_label(user: Any) -> str:
    return ApiToken.objects.get(user=user).label


# --- headquarters_list / headquarters_get -------------------------------------------------

HQ_FIELDS = {"id", "ward", "ward_code", "valid_from", "is_current", "status", "land_area",
             "floor_area", "storeys", "condition", "year_built", "land_legal_status",
             "households_inside", "special_inner_district", "notes", "photos", "recorded_by",
             "recorded_at"}


def test_it_lists_a_wards_headquarters_history_with_the_current_record_marked(client, world):
    officer = world.user(Role.WARD_OFFICER)
    old = _record(world.ward, datetime.date(2024, 1, 10), land_area=Decimal("250.5"),
                  storeys=2, recorded_by=officer)
    new = _record(world.ward, datetime.date(2025, 6, 1), Status.OWN, land_area=Decimal(300),
                  floor_area=Decimal("450.0"), storeys=3, condition="good", year_built=2020)

    rows = _results(api_call(client, "GET", HQ, key_for(officer)))

    assert {row["id"] for row in rows} == {old.pk, new.pk}
    by_id = {row["id"]: row for row in rows}
    assert set(by_id[new.pk]) == HQ_FIELDS
    assert by_id[new.pk]["is_current"] is True and by_id[old.pk]["is_current"] is False
    assert by_id[new.pk] | {"recorded_at": None} == {
        "id": new.pk, "ward": world.ward.pk, "ward_code": "00070", "valid_from": "2025-06-01",
        "is_current": True, "status": "own", "land_area": 300.0, "floor_area": 450.0,
        "storeys": 3, "condition": "good", "year_built": 2020, "land_legal_status": "",
        "households_inside": 0, "special_inner_district": False, "notes": "", "photos": [],
        "recorded_by": None, "recorded_at": None}
    assert by_id[old.pk]["land_area"] == 250.5
    assert by_id[old.pk]["recorded_by"] == str(officer)


def test_it_filters_headquarters_by_ward_current_and_status(client, world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    key = key_for(coordinator)
    old = _record(world.ward, datetime.date(2024, 1, 10))
    new = _record(world.ward, datetime.date(2025, 6, 1), Status.OWN)
    other = _record(world.other_ward, datetime.date(2024, 5, 5), Status.SHARED)
    # A ward merged away keeps its history, but its last record is nobody's situation now.
    gone = WardFactory(parent=world.province, valid_from=datetime.date(2000, 1, 1),
                       valid_to=datetime.date(2025, 6, 30))
    gone_record = _record(gone, datetime.date(2024, 2, 2))

    def ids(query: dict[str, Any]) -> set[int]:
        return {row["id"] for row in _results(api_call(client, "GET", HQ, key, data=query))}

    assert ids({}) == {old.pk, new.pk, other.pk, gone_record.pk}
    assert ids({"ward": world.ward.pk}) == {old.pk, new.pk}
    assert ids({"current": "true"}) == {new.pk, other.pk}
    assert ids({"current": "false"}) == {old.pk, gone_record.pk}
    assert ids({"status": "shared"}) == {other.pk}
    assert ids({"ward": world.ward.pk, "current": "true", "status": "own"}) == {new.pk}
    assert ids({"ward": 2**63 - 1}) == set()


@pytest.mark.parametrize("query", [
    {"ward": "abc"}, {"ward": "0"}, {"ward": "-1"}, {"ward": str(2**63)}, {"ward": "1e5"},
    {"current": "maybe"}, {"status": "castle"}, {"page_size": "0"}, {"cursor": "nonsense"},
    {"ward": ""}, {"status": ""}, {"current": ""}, {"ward_id": "1"},
])
def test_it_refuses_a_wrong_headquarters_filter(client, world, query):
    response = api_call(client, "GET", HQ, key_for(world.user(Role.WARD_OFFICER)), data=query)
    assert response.status_code in (400, 404), response.content
    assert response["Content-Type"] == "application/problem+json"


def test_it_refuses_a_nul_in_a_filter(client, world):
    response = api_call(client, "GET", HQ, key_for(world.user(Role.WARD_OFFICER)),
                        data={"status": "own\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_it_gets_one_headquarters_record(client, world):
    officer = world.user(Role.WARD_OFFICER)
    record = _record(world.ward, datetime.date(2025, 6, 1), Status.OWN)
    response = api_call(client, "GET", f"{HQ}{record.pk}/", key_for(officer))
    assert response.status_code == 200
    assert set(response.json()) == HQ_FIELDS
    assert response.json()["id"] == record.pk and response.json()["is_current"] is True
    assert api_call(client, "GET", f"{HQ}{record.pk + 1000}/",
                    key_for(officer)).status_code == 404


def test_it_keeps_headquarters_list_within_the_ward(client, world):
    mine = _record(world.ward, datetime.date(2025, 6, 1))
    _record(world.other_ward, datetime.date(2025, 6, 1))
    _record(world.far_ward, datetime.date(2025, 6, 1))
    key = key_for(world.user(Role.WARD_CHIEF))

    assert [row["id"] for row in _results(api_call(client, "GET", HQ, key))] == [mine.pk]
    assert _results(api_call(client, "GET", HQ, key,
                             data={"ward": world.other_ward.pk})) == []


def test_it_keeps_headquarters_get_within_the_ward(client, world):
    theirs = _record(world.other_ward, datetime.date(2025, 6, 1))
    response = api_call(client, "GET", f"{HQ}{theirs.pk}/",
                        key_for(world.user(Role.WARD_OFFICER)))
    assert response.status_code == 404
    assert "ward" not in response.json()
    # The other ward's own officer reads it: the 404 is the scope, not a missing record.
    assert api_call(client, "GET", f"{HQ}{theirs.pk}/",
                    key_for(world.user(Role.WARD_OFFICER, own=False))).status_code == 200


def test_it_keeps_headquarters_queries_flat(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_call(client, "GET", HQ, key).status_code == 200
        return len(queries)

    _record(world.ward, datetime.date(2025, 6, 1))
    count()  # the key's first use records when it was used
    few = count()
    for n in range(8):
        ward = WardFactory(parent=world.province)
        _record(ward, datetime.date(2024, 1, 1 + n), recorded_by=world.user(Role.WARD_OFFICER))
        _record(ward, datetime.date(2025, 1, 1 + n))
    assert count() == few


# --- headquarters_write -------------------------------------------------------------------

def _hq_body(world: Any, **values: Any) -> dict[str, Any]:
    return {"ward": world.ward.pk, "valid_from": "2026-11-01", "status": "own", **values}


def test_it_records_a_headquarters_situation_through_the_service(client, world):
    officer = world.user(Role.WARD_OFFICER)
    key = key_for(officer, name="Phần mềm quản lý trụ sở")
    response = api_call(client, "POST", HQ, key, data=_hq_body(
        world, land_area=400.5, floor_area=800, storeys=2, condition="good",
        year_built=2019, land_legal_status="  Sổ đỏ  ", households_inside=None,
        special_inner_district=True, notes="Trụ sở mới"))

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == HQ_FIELDS
    record = HeadquartersRecord.objects.get()
    assert body["id"] == record.pk and body["is_current"] is True
    assert (record.ward, record.valid_from, record.status) == (
        world.ward, datetime.date(2026, 11, 1), "own")
    assert (record.land_area, record.floor_area, record.storeys) == (
        Decimal("400.5"), Decimal(800), 2)
    assert record.land_legal_status == "Sổ đỏ" and record.households_inside == 0
    assert record.recorded_by == officer and body["recorded_by"] == str(officer)
    entry = AuditEntry.objects.get(model="facilities.headquartersrecord",
                                   object_id=str(record.pk))
    assert entry.via == _token_label(officer) and entry.user == officer


def test_it_replaces_the_record_of_the_same_date(client, world):
    key = key_for(world.user(Role.WARD_CHIEF))
    api_call(client, "POST", HQ, key, data=_hq_body(world, land_area=100))
    response = api_call(client, "POST", HQ, key, data=_hq_body(world, land_area=150))
    assert response.status_code == 201
    assert list(HeadquartersRecord.objects.values_list("land_area", flat=True)) == [150]


WRONG_HQ: list[tuple[dict[str, Any], str | None]] = [
    ({"ward": None}, "ward"), ({"ward": "abc"}, "ward"), ({"ward": 0}, "ward"),
    ({"ward": -4}, "ward"), ({"ward": 2**63}, "ward"), ({"ward": 2**70}, "ward"),
    ({"ward": 1.5}, "ward"), ({"ward": ""}, "ward"), ({"ward": [1]}, "ward"),
    ({"valid_from": "2026-13-01"}, "valid_from"), ({"valid_from": ""}, "valid_from"),
    ({"valid_from": "01/11/2026"}, "valid_from"), ({"valid_from": 20261101}, "valid_from"),
    ({"valid_from": "2099-01-01"}, "valid_from"),  # the rule: not in the future
    ({"status": "castle"}, "status"), ({"status": ""}, "status"), ({"status": None}, "status"),
    ({"status": "\ud800"}, "status"), ({"condition": "x\udfff"}, "condition"),
    ({"land_area": "abc"}, "land_area"), ({"land_area": 1e12}, "land_area"),
    ({"land_area": 12.25}, "land_area"), ({"land_area": "NaN"}, "land_area"),
    ({"land_area": "Infinity"}, "land_area"), ({"land_area": "1e400"}, "land_area"),
    ({"land_area": -5}, "land_area"), ({"land_area": "9" * 2000}, "land_area"),
    ({"land_area": 100, "floor_area": 500, "storeys": 2}, "floor_area"),
    ({"storeys": 10**30}, "storeys"), ({"storeys": -1}, "storeys"), ({"storeys": 31}, "storeys"),
    ({"storeys": "x"}, "storeys"), ({"year_built": 1800}, "year_built"),
    ({"year_built": 2**40}, "year_built"), ({"households_inside": -1}, "households_inside"),
    ({"households_inside": 1001}, "households_inside"),
    ({"condition": "bad"}, "condition"), ({"condition": None}, "condition"),
    ({"special_inner_district": "maybe"}, "special_inner_district"),
    ({"notes": "a\x00b"}, "notes"), ({"notes": "x" * 10_001}, "notes"),
    ({"notes": "\ud800"}, "notes"), ({"land_legal_status": "x" * 301}, "land_legal_status"),
    ({"status": "none", "land_area": 50}, "land_area"),  # the rule: no building, no figures
]


@pytest.mark.parametrize(("values", "field"), WRONG_HQ)
def test_it_refuses_a_wrong_headquarters_record_and_saves_nothing(client, world, values, field):
    response = api_call(client, "POST", HQ, key_for(world.user(Role.WARD_OFFICER)),
                        data=_hq_body(world, **values))
    assert field in _error_fields(response)
    assert not HeadquartersRecord.objects.exists()
    assert not AuditEntry.objects.filter(model="facilities.headquartersrecord").exists()


@pytest.mark.parametrize("body", [
    "", "[]", '"own"', "null", "{", '{"ward": 1e400}', '{"ward": NaN}', "\x00",
    '{"land_area": Infinity}',
])
def test_it_refuses_a_body_that_is_not_a_record(client, world, body):
    response = client.post(HQ, data=body, content_type="application/json", headers={
        "Authorization": f"Bearer {key_for(world.user(Role.WARD_OFFICER))}"})
    assert response.status_code == 400, response.content
    assert not HeadquartersRecord.objects.exists()


def test_it_lists_every_missing_headquarters_field_at_once(client, world):
    response = api_call(client, "POST", HQ, key_for(world.user(Role.WARD_OFFICER)), data={})
    assert _error_fields(response) == {"ward", "valid_from", "status"}


def test_it_keeps_headquarters_write_within_the_ward(client, world):
    officer = world.user(Role.WARD_OFFICER)
    for ward in (world.other_ward, world.far_ward):
        response = api_call(client, "POST", HQ, key_for(officer),
                            data=_hq_body(world, ward=ward.pk))
        assert response.status_code == 404
    # A ward user who may read but not record (the People's Committee): 403.
    committee = world.user(Role.WARD_COMMITTEE)
    assert api_call(client, "POST", HQ, key_for(committee),
                    data=_hq_body(world)).status_code == 403
    # A key that may only read is refused before anything runs.
    assert api_call(client, "POST", HQ, key_for(officer, read_only=True),
                    data=_hq_body(world)).status_code == 403
    assert not HeadquartersRecord.objects.exists()
    assert not AuditEntry.objects.filter(model="facilities.headquartersrecord").exists()


def test_it_refuses_a_ward_that_is_no_longer_current(client, world):
    gone = WardFactory(parent=world.province, valid_from=datetime.date(2000, 1, 1),
                       valid_to=datetime.date(2025, 6, 30))
    response = api_call(client, "POST", HQ, key_for(world.user(Role.CITY_COORDINATOR)),
                        data=_hq_body(world, ward=gone.pk))
    assert response.status_code == 404
    assert not HeadquartersRecord.objects.exists()


# --- equipment_catalogue_list -------------------------------------------------------------

def test_it_lists_the_catalogue_with_its_norms(client, world, items):
    key = key_for(world.user(Role.WARD_OFFICER))
    rows = _results(api_call(client, "GET", ITEMS, key))
    assert rows == [
        {"id": items[0].pk, "code": "may-in", "name": "Máy in", "category": "Văn phòng",
         "unit_of_measure": "chiếc", "norm_per_unit": 3, "order": 1},
        {"id": items[1].pk, "code": "bo-dam", "name": "Bộ đàm",
         "category": "Thông tin liên lạc", "unit_of_measure": "bộ", "norm_per_unit": 8,
         "order": 2},
    ]
    assert [r["code"] for r in _results(api_call(client, "GET", ITEMS, key,
                                                 data={"code": "bo-dam"}))] == ["bo-dam"]
    assert [r["code"] for r in _results(api_call(
        client, "GET", ITEMS, key, data={"category": "Văn phòng"}))] == ["may-in"]
    assert api_call(client, "GET", ITEMS, key, data={"code": "x" * 31}).status_code == 400


def test_it_keeps_equipment_catalogue_list_within_the_ward(client, world, items):
    """The catalogue is the same for every unit and carries no ward's figures: a ward key
    reads the same list as the other ward's, and nobody without the right reads it."""
    InventoryLine.objects.create(ward=world.other_ward, item=items[0], usable=7)
    mine = _results(api_call(client, "GET", ITEMS, key_for(world.user(Role.WARD_CHIEF))))
    theirs = _results(api_call(client, "GET", ITEMS,
                               key_for(world.user(Role.WARD_CHIEF, own=False))))
    assert mine == theirs
    assert all("ward" not in row and "usable" not in row for row in mine)
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=world.agency)
    assert _results(api_call(client, "GET", ITEMS, key_for(reporter))) == []


# --- inventories_list ---------------------------------------------------------------------

def test_it_lists_inventory_lines_with_norm_total_and_gap(client, world, items):
    line = InventoryLine.objects.create(ward=world.ward, item=items[1], usable=5, unusable=2,
                                        notes="2 bộ hỏng")
    rows = _results(api_call(client, "GET", INVENTORIES,
                             key_for(world.user(Role.WARD_OFFICER))))
    assert len(rows) == 1
    row = rows[0]
    assert row.pop("updated_at")
    assert row == {"id": line.pk, "ward": world.ward.pk, "item": items[1].pk,
                   "item_code": "bo-dam", "norm": 8, "usable": 5, "unusable": 2, "total": 7,
                   "gap": 3, "notes": "2 bộ hỏng"}


def test_it_filters_inventory_lines_by_ward_and_item(client, world, items):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    lines = {(ward.pk, item.pk): InventoryLine.objects.create(ward=ward, item=item, usable=1)
             for ward in (world.ward, world.other_ward) for item in items}

    def ids(query: dict[str, Any]) -> set[int]:
        return {r["id"] for r in _results(api_call(client, "GET", INVENTORIES, key,
                                                   data=query))}

    assert ids({}) == {line.pk for line in lines.values()}
    assert ids({"ward": world.other_ward.pk}) == {
        lines[world.other_ward.pk, i.pk].pk for i in items}
    assert ids({"item": items[0].pk}) == {lines[w.pk, items[0].pk].pk
                                          for w in (world.ward, world.other_ward)}
    assert ids({"ward": world.ward.pk, "item": items[1].pk}) == {
        lines[world.ward.pk, items[1].pk].pk}
    for wrong in ({"ward": "x"}, {"item": "0"}, {"item": str(2**64)}):
        assert api_call(client, "GET", INVENTORIES, key, data=wrong).status_code == 400


def test_it_keeps_inventories_list_within_the_ward(client, world, items):
    mine = InventoryLine.objects.create(ward=world.ward, item=items[0], usable=1)
    InventoryLine.objects.create(ward=world.other_ward, item=items[0], usable=2)
    InventoryLine.objects.create(ward=world.far_ward, item=items[1], usable=3)
    key = key_for(world.user(Role.WARD_OFFICER))
    assert [r["id"] for r in _results(api_call(client, "GET", INVENTORIES, key))] == [mine.pk]
    assert _results(api_call(client, "GET", INVENTORIES, key,
                             data={"ward": world.other_ward.pk})) == []


def test_it_keeps_inventory_queries_flat(client, world, items):
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_call(client, "GET", INVENTORIES, key).status_code == 200
        return len(queries)

    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=1)
    count()  # the key's first use records when it was used
    few = count()
    for _n in range(6):
        ward = WardFactory(parent=world.province)
        for item in items:
            InventoryLine.objects.create(ward=ward, item=item, usable=2)
    assert count() == few


# --- inventories_write --------------------------------------------------------------------

def _inventory_body(world: Any, items: list[EquipmentItem], **values: Any) -> dict[str, Any]:
    return {"ward": world.ward.pk, "lines": [
        {"item": items[0].pk, "usable": 3, "unusable": 1, "notes": "mới"},
        {"item": items[1].pk, "usable": 5},
    ], **values}


def test_it_records_an_inventory_and_answers_the_gaps_after(client, world, items):
    officer = world.user(Role.WARD_OFFICER)
    InventoryLine.objects.create(ward=world.ward, item=items[1], usable=1)
    response = api_call(client, "POST", INVENTORIES, key_for(officer),
                        data=_inventory_body(world, items))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == 2 and body["ward"] == world.ward.pk
    assert body["equipped"] is False and body["items_with_gap"] == 1 and body["gap_units"] == 3
    assert [(i["item"], i["usable"], i["gap"]) for i in body["items"]] == [
        (items[0].pk, 3, 0), (items[1].pk, 5, 3)]
    lines = {line.item.code: (line.usable, line.unusable, line.notes, line.updated_by)
             for line in InventoryLine.objects.filter(ward=world.ward)}
    assert lines == {"may-in": (3, 1, "mới", officer), "bo-dam": (5, 0, "", officer)}
    label = _token_label(officer)
    assert AuditEntry.objects.filter(model="facilities.inventoryline", via=label).count() == 2

    again = api_call(client, "POST", INVENTORIES, key_for(officer),
                     data=_inventory_body(world, items))
    assert again.json()["changed"] == 0


def test_it_leaves_items_not_listed_as_they_are(client, world, items):
    InventoryLine.objects.create(ward=world.ward, item=items[1], usable=8)
    response = api_call(client, "POST", INVENTORIES, key_for(world.user(Role.WARD_CHIEF)),
                        data={"ward": world.ward.pk, "lines": [{"item": items[0].pk,
                                                                 "usable": 3}]})
    assert response.status_code == 200
    assert response.json()["equipped"] is True
    assert InventoryLine.objects.get(item=items[1]).usable == 8


def _line(items: list[EquipmentItem], **values: Any) -> dict[str, Any]:
    return {"item": items[1].pk, "usable": 5, **values}


WRONG_INVENTORY: list[tuple[Any, str | None]] = [
    ({"ward": None}, "ward"), ({"ward": "x"}, "ward"), ({"ward": 2**64}, "ward"),
    ({"ward": 0}, "ward"), ({"lines": None}, "lines"), ({"lines": []}, "lines"),
    ({"lines": "all"}, "lines"), ({"lines": {"item": 1}}, "lines"),
    (lambda items: {"lines": [{"item": items[0].pk}] * 1001}, "lines"),
    (lambda items: {"lines": [{"item": items[0].pk, "usable": 1}, _line(items, usable=-1)]},
     "lines.1.usable"),
    (lambda items: {"lines": [{"item": items[0].pk, "usable": 1},
                              _line(items, usable=100_001)]}, "lines.1.usable"),
    (lambda items: {"lines": [_line(items, usable="x")]}, "lines.0.usable"),
    (lambda items: {"lines": [_line(items, usable=1.5)]}, "lines.0.usable"),
    (lambda items: {"lines": [_line(items, usable=None)]}, "lines.0.usable"),
    (lambda items: {"lines": [_line(items, usable=10**40)]}, "lines.0.usable"),
    (lambda items: {"lines": [_line(items, unusable=-2)]}, "lines.0.unusable"),
    (lambda items: {"lines": [_line(items, notes="x" * 301)]}, "lines.0.notes"),
    (lambda items: {"lines": [_line(items, notes="a\x00")]}, "lines.0.notes"),
    (lambda items: {"lines": [_line(items, item=None)]}, "lines.0.item"),
    (lambda items: {"lines": [_line(items, item="may-in")]}, "lines.0.item"),
    (lambda items: {"lines": [_line(items, item=0)]}, "lines.0.item"),
    (lambda items: {"lines": [_line(items, item=2**63)]}, "lines.0.item"),
    (lambda items: {"lines": [_line(items, item=987654321)]}, "lines.0.item"),
    (lambda items: {"lines": [_line(items), _line(items, usable=7)]}, "lines.1.item"),
    (lambda items: {"lines": [{"usable": 1}]}, "lines.0.item"),
    (lambda items: {"lines": ["x"]}, "lines.0"),
]


@pytest.mark.parametrize(("values", "field"), WRONG_INVENTORY)
def test_it_refuses_a_wrong_inventory_and_saves_nothing(client, world, items, values, field):
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=1)
    before = list(InventoryLine.objects.values_list("ward", "item", "usable", "unusable",
                                                    "notes"))
    body = _inventory_body(world, items, **(values(items) if callable(values) else values))
    response = api_call(client, "POST", INVENTORIES, key_for(world.user(Role.WARD_OFFICER)),
                        data=body)
    fields = _error_fields(response)
    # A line that is not an object is named by its position (and what DRF adds after it).
    assert field in fields or any(str(f).startswith(f"{field}.") for f in fields), fields
    assert list(InventoryLine.objects.values_list("ward", "item", "usable", "unusable",
                                                  "notes")) == before


def test_it_keeps_inventories_write_within_the_ward(client, world, items):
    officer = world.user(Role.WARD_OFFICER)
    InventoryLine.objects.create(ward=world.other_ward, item=items[0], usable=1)
    for ward in (world.other_ward, world.far_ward):
        response = api_call(client, "POST", INVENTORIES, key_for(officer),
                            data=_inventory_body(world, items, ward=ward.pk))
        assert response.status_code == 404
    committee = world.user(Role.WARD_COMMITTEE)
    assert api_call(client, "POST", INVENTORIES, key_for(committee),
                    data=_inventory_body(world, items)).status_code == 403
    assert list(InventoryLine.objects.values_list("ward", "usable")) == [
        (world.other_ward.pk, 1)]
    assert not AuditEntry.objects.filter(model="facilities.inventoryline").exclude(
        via="").exists()


# --- equipment_gaps_list ------------------------------------------------------------------

def test_it_lists_each_wards_gaps_item_by_item(client, world, items):
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=4, unusable=1)
    InventoryLine.objects.create(ward=world.ward, item=items[1], usable=6)
    ProcurementPlan.objects.create(ward=world.ward, item=items[1], year=2027, quantity=2)
    ProcurementPlan.objects.create(ward=world.ward, item=items[1], year=2026, quantity=1,
                                   delivered=True)
    rows = _results(api_call(client, "GET", GAPS, key_for(world.user(Role.WARD_OFFICER))))
    assert rows == [{
        "ward": world.ward.pk, "ward_code": "00070", "ward_name": "Phường Hoàn Kiếm",
        "equipped": False, "items_with_gap": 1, "gap_units": 2,
        "items": [
            {"item": items[0].pk, "item_code": "may-in", "item_name": "Máy in",
             "unit_of_measure": "chiếc", "norm": 3, "usable": 4, "unusable": 1, "gap": 0,
             "planned": []},
            {"item": items[1].pk, "item_code": "bo-dam", "item_name": "Bộ đàm",
             "unit_of_measure": "bộ", "norm": 8, "usable": 6, "unusable": 0, "gap": 2,
             "planned": [{"year": 2027, "quantity": 2}]},
        ],
    }]


def test_it_tells_which_wards_are_equipped_and_filters_by_ward(client, world, items):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    for item in items:
        InventoryLine.objects.create(ward=world.other_ward, item=item, usable=item.norm_per_unit)
    rows = {r["ward"]: r for r in _results(api_call(client, "GET", GAPS, key))}
    assert rows[world.other_ward.pk]["equipped"] is True
    assert rows[world.ward.pk]["equipped"] is False
    assert rows[world.ward.pk]["gap_units"] == 11
    only = _results(api_call(client, "GET", GAPS, key, data={"ward": world.other_ward.pk}))
    assert [r["ward"] for r in only] == [world.other_ward.pk]
    assert api_call(client, "GET", GAPS, key, data={"ward": "-3"}).status_code == 400


def test_it_counts_no_ward_equipped_without_a_catalogue(client, world):
    rows = _results(api_call(client, "GET", GAPS, key_for(world.user(Role.WARD_OFFICER))))
    assert [(r["equipped"], r["items"]) for r in rows] == [(False, [])]


def test_it_keeps_equipment_gaps_list_within_the_ward(client, world, items):
    InventoryLine.objects.create(ward=world.other_ward, item=items[0], usable=3)
    key = key_for(world.user(Role.WARD_CHIEF))
    assert [r["ward"] for r in _results(api_call(client, "GET", GAPS, key))] == [world.ward.pk]
    assert _results(api_call(client, "GET", GAPS, key, data={"ward": world.other_ward.pk})) == []


def test_it_keeps_equipment_gap_queries_flat(client, world, items):
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_call(client, "GET", GAPS, key).status_code == 200
        return len(queries)

    count()  # the key's first use records when it was used
    few = count()
    for _n in range(6):
        ward = WardFactory(parent=world.province)
        for item in items:
            InventoryLine.objects.create(ward=ward, item=item, usable=2)
            ProcurementPlan.objects.create(ward=ward, item=item, year=2028, quantity=1)
    EquipmentItem.objects.create(code="xe", name="Xe máy", norm_per_unit=2, order=3)
    assert count() == few


# --- roadmap_get --------------------------------------------------------------------------

@pytest.fixture
def road(world: Any, items: list[EquipmentItem]) -> None:
    """The ward: borrowed, then its own headquarters from mid-2026, fully equipped. The
    other ward: borrowed, a new build expected in 2031 (too late), no equipment."""
    _record(world.ward, datetime.date(2024, 3, 1))
    _record(world.ward, datetime.date(2026, 6, 1), Status.OWN)
    for item in items:
        InventoryLine.objects.create(ward=world.ward, item=item, usable=item.norm_per_unit)
    _record(world.other_ward, datetime.date(2024, 3, 1), Status.BORROWED_CITY)
    InvestmentProject.objects.create(
        ward=world.other_ward, kind="new_build", title="Trụ sở mới Ba Đình",
        stage="approved", approved_on=datetime.date(2025, 1, 1),
        expected_completion=datetime.date(2031, 6, 30))


def _roadmap(client: Any, user: Any) -> dict[str, Any]:
    response = api_call(client, "GET", ROADMAP, key_for(user))
    assert response.status_code == 200, response.content
    return response.json()


def test_it_projects_the_road_to_2030(client, world, road):
    body = _roadmap(client, world.user(Role.CITY_COORDINATOR))
    assert set(body) == {"today", "last_year", "hq_target_met", "equipment_target_met",
                         "rows", "hq_off_track", "equipment_off_track"}
    assert body["last_year"] == 2030 and body["today"] == "2026-11-25"
    assert body["hq_target_met"] is False and body["equipment_target_met"] is False
    assert [row["year"] for row in body["rows"]] == list(range(2024, 2031))
    final = body["rows"][-1]
    assert final == {"year": 2030, "is_past": False, "wards": 2, "independent": 1,
                     "independent_share": 50.0, "hq_target_met": False, "equipped": 1,
                     "equipped_share": 50.0, "equipment_target_met": False}
    (late,) = body["hq_off_track"]
    assert late["ward"] == {"id": world.other_ward.pk, "code": "00004", "name": "Phường Ba Đình"}
    assert late["status"] == "borrowed_city"
    assert late["late_projects"] == [{"title": "Trụ sở mới Ba Đình", "kind": "new_build",
                                      "stage": "approved", "expected_completion": "2031-06-30",
                                      "completed_on": None}]
    (short,) = body["equipment_off_track"]
    assert short["ward"]["id"] == world.other_ward.pk
    assert [(m["item_name"], m["quantity"]) for m in short["missing"]] == [
        ("Máy in", 3), ("Bộ đàm", 8)]


def test_it_moves_a_year_into_the_past_at_new_year(client, world, road):
    coordinator = world.user(Role.CITY_COORDINATOR)
    with time_machine.travel(hanoi(2026, 12, 31, 23, 59), tick=False):
        before = _roadmap(client, coordinator)
    with time_machine.travel(hanoi(2027, 1, 1, 0, 1), tick=False):
        after = _roadmap(client, coordinator)
    assert (before["today"], after["today"]) == ("2026-12-31", "2027-01-01")
    rows_before = {row["year"]: row for row in before["rows"]}
    rows_after = {row["year"]: row for row in after["rows"]}
    assert [rows_before[y]["is_past"] for y in (2025, 2026, 2027)] == [True, False, False]
    assert [rows_after[y]["is_past"] for y in (2025, 2026, 2027)] == [True, True, False]
    # 2026 as projected, then as recorded on 31/12/2026: the ward's own headquarters counts
    # both ways, and the equipment share is no longer known for a past year.
    assert rows_before[2026]["independent"] == rows_after[2026]["independent"] == 1
    assert rows_before[2026]["equipped"] == 1 and rows_after[2026]["equipped"] is None
    assert rows_after[2026]["equipped_share"] is None
    assert rows_after[2026]["equipment_target_met"] is None
    assert rows_before[2025]["independent"] == 0


def test_it_answers_403_to_a_roadmap_reader_without_the_right(client, world):
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=world.agency)
    response = api_call(client, "GET", ROADMAP, key_for(reporter))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_it_keeps_roadmap_get_within_the_ward(client, world, road):
    body = _roadmap(client, world.user(Role.WARD_OFFICER))
    assert {row["wards"] for row in body["rows"]} == {1}
    assert body["hq_target_met"] is True and body["equipment_target_met"] is True
    assert body["hq_off_track"] == [] and body["equipment_off_track"] == []
    theirs = _roadmap(client, world.user(Role.WARD_OFFICER, own=False))
    assert [e["ward"]["id"] for e in theirs["hq_off_track"]] == [world.other_ward.pk]


def test_it_keeps_roadmap_queries_flat(client, world, road):
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api_call(client, "GET", ROADMAP, key).status_code == 200
        return len(queries)

    count()  # the key's first use records when it was used
    few = count()
    for _n in range(5):
        ward = WardFactory(parent=world.province)
        _record(ward, datetime.date(2025, 1, 1))
        InventoryLine.objects.create(ward=ward, item=EquipmentItem.objects.first(), usable=1)
    assert count() == few
