from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from core.spreadsheets import Sheet, workbook_bytes
from facilities import equipment_io
from facilities.models import EquipmentItem, InventoryLine
from testing.clients import login
from testing.sheets import table

INVENTORY = ("Mã phường", "Mã thiết bị", "Sử dụng được", "Hỏng, hết niên hạn", "Ghi chú")


def _xlsx(headings, rows, name="file.xlsx"):
    return SimpleUploadedFile(name, workbook_bytes(Sheet("S", headings, rows)))


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


def _import_inventory(client, rows, headings=INVENTORY):
    return client.post(reverse("facilities:inventory_import"), {"file": _xlsx(headings, rows)})


def test_it_imports_a_catalogue_and_updates_existing_codes(client, world, items):
    login(client, world.user(Role.CITY_COORDINATOR))
    file = _xlsx(equipment_io.CATALOGUE_HEADINGS, [
        ("may-in", "Máy in laser", "CNTT", "chiếc", 4),
        ("may-scan", "Máy quét", "CNTT", "", "1"),
    ])
    response = client.post(reverse("facilities:catalogue_import"), {"file": file})
    assert response.status_code == 302
    printer = EquipmentItem.objects.get(code="may-in")
    assert (printer.name, printer.norm_per_unit) == ("Máy in laser", 4)
    assert EquipmentItem.objects.get(code="may-scan").unit_of_measure == "chiếc"


def test_it_lists_every_catalogue_error_and_stores_nothing(client, world, items, english):
    login(client, world.user(Role.CITY_COORDINATOR))
    file = _xlsx(equipment_io.CATALOGUE_HEADINGS, [
        ("may-in", "Máy in laser", "", "", 4),
        ("mã sai", "", "", "", "-1"),
        ("may-in", "Trùng", "", "", "2,5"),
    ])
    response = client.post(reverse("facilities:catalogue_import"), {"file": file})
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert errors == [(3, "code"), (3, "name"), (3, "norm"), (4, "code"), (4, "norm")]
    assert EquipmentItem.objects.get(code="may-in").norm_per_unit == 3


def test_it_forbids_a_ward_officer_to_import_the_catalogue(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("facilities:catalogue_import")).status_code == 403


def test_it_imports_inventories(client, world, items):
    login(client, world.user(Role.CITY_COORDINATOR))
    response = _import_inventory(client, [("00070", "may-in", 2, 1, "cũ"),
                                          ("00004", "bo-dam", 8, "", "")])
    assert response.status_code == 302
    assert InventoryLine.objects.get(ward=world.ward).usable == 2
    assert InventoryLine.objects.get(ward=world.other_ward).usable == 8


def test_it_lists_every_inventory_error_and_stores_nothing(client, world, items, english):
    login(client, world.user(Role.WARD_OFFICER))
    response = _import_inventory(client, [
        ("00070", "may-in", 2, 0, ""),
        ("99999", "may-in", 1, 0, ""),
        ("00004", "bo-dam", 1, 0, ""),
        ("00070", "khong-co", -1, "1,5", ""),
        ("00070", "may-in", 1, 0, ""),
    ])
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert list(errors) == [(3, "ward"), (4, "ward"), (5, "item"), (5, "usable"),
                            (5, "unusable"), (6, "item")]
    assert errors[(4, "ward")] == "You may not edit the equipment of ward 00004."
    assert errors[(3, "ward")] == "No current ward has the code “99999”."
    assert not InventoryLine.objects.exists()


def test_it_reports_a_missing_column(client, world, items, english):
    login(client, world.user(Role.WARD_OFFICER))
    response = _import_inventory(client, [("00070", 2)], headings=("Mã phường", "Sử dụng được"))
    assert [(e.column, e.message) for e in response.context["errors"]] == [
        ("item", "This column is missing.")]


def test_it_changes_nothing_when_the_export_is_imported_back(client, world, items):
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=2, unusable=1,
                                 notes="Hỏng 1")
    InventoryLine.objects.create(ward=world.other_ward, item=items[1], usable=9)
    login(client, world.user(Role.CITY_COORDINATOR))
    exported = client.get(reverse("facilities:inventory_export")).content
    before = list(InventoryLine.objects.order_by("pk").values())
    upload = SimpleUploadedFile("kiem-ke.xlsx", exported)
    response = client.post(reverse("facilities:inventory_import"), {"file": upload})
    assert response.status_code == 302
    assert list(InventoryLine.objects.order_by("pk").values()) == before


def test_it_exports_only_the_wards_in_scope(client, world, items):
    login(client, world.user(Role.WARD_OFFICER))
    exported = client.get(reverse("facilities:inventory_export")).content
    _headings, rows = table(_sheet(exported))
    assert {row[0] for row in rows} == {"00070"}


def test_it_exports_the_catalogue_in_the_import_format(client, world, items):
    login(client, world.user(Role.WARD_OFFICER))
    exported = client.get(reverse("facilities:catalogue_export")).content
    headings, rows = table(_sheet(exported))
    assert tuple(headings) == equipment_io.CATALOGUE_HEADINGS
    assert rows[0] == ("may-in", "Máy in", None, "chiếc", 3)


def test_it_imports_the_exported_catalogue_back_unchanged(client, world, items):
    login(client, world.user(Role.CITY_COORDINATOR))
    exported = client.get(reverse("facilities:catalogue_export")).content
    before = list(EquipmentItem.objects.order_by("pk").values())
    upload = SimpleUploadedFile("danh-muc.xlsx", exported)
    client.post(reverse("facilities:catalogue_import"), {"file": upload})
    assert list(EquipmentItem.objects.order_by("pk").values()) == before
