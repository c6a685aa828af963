from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from facilities import headquarters_io, headquarters_services
from facilities.headquarters_io import HEADINGS
from facilities.models import HeadquartersRecord
from testing.clients import login
from testing.factories import WardFactory
from testing.sheets import table

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADINGS.values()))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("tru-so.xlsx", out.getvalue())


def _row(code, status="own", day="01/06/2025", land="250,5", floor="400"):
    return [code, "", day, status, land, floor, 2, "good", 2015, "Sổ đỏ", 0, "không", ""]


def _import(actor, rows):
    return headquarters_services.headquarters_import(actor=actor, uploaded_file=_xlsx(rows))


@pytest.fixture
def city(world):
    wards = [WardFactory(parent=world.province, code=f"{10000 + n}") for n in range(124)]
    return [world.ward, world.other_ward, *wards]


def test_it_lists_exactly_the_three_bad_rows_and_imports_nothing(world, city, english):
    coordinator = world.user(Role.CITY_COORDINATOR)
    rows = [_row(w.code) for w in city]
    rows[9][0] = "99999"             # row 11: unknown ward
    rows[49][4] = "-3"               # row 51: negative land area
    rows[99][2] = "01/01/2099"       # row 101: date in the future

    with pytest.raises(headquarters_io.ImportErrors) as caught:
        _import(coordinator, rows)

    assert len(city) == 126
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (11, HEADINGS["ward_code"]), (51, HEADINGS["land_area"]), (101, HEADINGS["valid_from"])]
    assert not HeadquartersRecord.objects.exists()


def test_it_refuses_an_area_too_large_to_store_as_a_row_error(world, english):
    rows = [_row(world.ward.code, land="1e400"), _row(world.other_ward.code, floor="9" * 30)]

    with pytest.raises(headquarters_io.ImportErrors) as caught:
        _import(world.user(Role.CITY_COORDINATOR), rows)

    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (2, HEADINGS["land_area"], "This number is too large."),
        (3, HEADINGS["floor_area"], "This number is too large."),
    ]


def test_it_refuses_a_superscript_as_a_whole_number(world, english):
    # "²" passes str.isdigit() but not int(): it must be a row error, not a failure.
    row = _row(world.ward.code, floor="200")  # fits one storey: the only problem is "²"
    row[6] = "²"  # storeys

    with pytest.raises(headquarters_io.ImportErrors) as caught:
        _import(world.user(Role.CITY_COORDINATOR), [row])

    assert [(e.row, e.column) for e in caught.value.errors] == [(2, HEADINGS["storeys"])]


def test_it_imports_every_ward_once_the_file_is_fixed(world, city):
    result = _import(world.user(Role.CITY_COORDINATOR), [_row(w.code) for w in city])

    assert result.created == 126
    assert HeadquartersRecord.objects.filter(land_area=Decimal("250.5")).count() == 126


def test_it_accepts_the_vietnamese_status_labels(world):
    from django.utils import translation

    with translation.override("vi"):
        label = str(HeadquartersRecord.Status.BORROWED_COMMITTEE.label)
    _import(world.user(Role.WARD_OFFICER), [_row("00070", status=label)])

    assert HeadquartersRecord.objects.get().status == "borrowed_committee"


def test_it_refuses_a_ward_outside_the_importers_scope(world, english):
    with pytest.raises(headquarters_io.ImportErrors) as caught:
        _import(world.user(Role.WARD_OFFICER), [_row("00070"), _row("00004")])

    assert [(e.row, e.message) for e in caught.value.errors] == [
        (3, "You may not edit the facilities of Phường Ba Đình.")]
    assert not HeadquartersRecord.objects.exists()


def test_it_changes_nothing_when_an_export_is_imported_back(client, world):
    officer = world.user(Role.WARD_OFFICER)
    headquarters_services.headquarters_record(
        actor=officer, ward=world.ward, valid_from=date(2025, 3, 2), status="shared",
        land_area=Decimal("120.5"), floor_area=Decimal("240"), storeys=2,
        condition="degraded", year_built=1998, land_legal_status="Đất thuê",
        households_inside=3, special_inner_district=True, notes="Chung với UBND")
    coordinator = world.user(Role.CITY_COORDINATOR)
    login(client, coordinator)
    before = list(HeadquartersRecord.objects.values())

    exported = client.get(reverse("facilities:hq_export")).content
    result = headquarters_services.headquarters_import(
        actor=coordinator, uploaded_file=SimpleUploadedFile("x.xlsx", exported))

    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 1, 1)
    assert list(HeadquartersRecord.objects.values()) == before


def test_it_exports_one_row_per_ward_in_scope(client, world):
    login(client, world.user(Role.CITY_LEADER))

    sheet = load_workbook(io.BytesIO(client.get(reverse("facilities:hq_export")).content)).active
    assert sheet is not None

    assert [row[0] for row in table(sheet)[1]] == ["00004", "00070"]


def test_it_shows_every_error_on_the_import_page(client, world, english):
    login(client, world.user(Role.CITY_COORDINATOR))

    response = client.post(reverse("facilities:hq_import"), {
        "file": _xlsx([_row("99999"), _row("00070", status="palace")])})

    html = response.content.decode()
    assert "No current ward has the code 99999." in html
    assert "Unknown status" in html
    assert "2 problems" in html


def test_it_forbids_the_import_to_a_city_leader(client, world):
    login(client, world.user(Role.CITY_LEADER))

    assert client.get(reverse("facilities:hq_import")).status_code == 403


def test_it_exports_labels_and_real_dates_that_import_back(client, world):
    from datetime import date

    from facilities.headquarters_services import headquarters_record

    headquarters_record(actor=world.user(Role.WARD_OFFICER), ward=world.ward,
                        valid_from=date(2026, 3, 2), status=HeadquartersRecord.Status.OWN)
    login(client, world.user(Role.CITY_COORDINATOR))
    sheet = load_workbook(io.BytesIO(client.get(reverse("facilities:hq_export")).content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == world.ward.code)
    assert row[2].is_date and row[2].number_format == "dd/mm/yyyy"
    assert row[3].value == str(HeadquartersRecord.Status.OWN.label)
    assert sheet.title == "Trụ sở"
