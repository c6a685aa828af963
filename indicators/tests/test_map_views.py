"""The boundary upload and the city map, through the views."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from indicators.models import IndicatorDefinition, WardBoundary
from indicators.services import indicator_value_set
from testing.clients import login
from testing.factories import assessment_for

pytestmark = pytest.mark.django_db

SQUARE = [[105.80, 21.00], [105.82, 21.00], [105.82, 21.02], [105.80, 21.02], [105.80, 21.00]]
EAST = [[p[0] + 0.03, p[1]] for p in SQUARE]
BOW_TIE = [[105.80, 21.00], [105.82, 21.02], [105.82, 21.00], [105.80, 21.02], [105.80, 21.00]]


def _feature(code, ring=None, kind="Polygon"):
    coordinates = [ring or SQUARE] if kind == "Polygon" else (ring or [105.8, 21.0])
    return {"type": "Feature", "properties": {"ma_xa": code},
            "geometry": {"type": kind, "coordinates": coordinates}}


def _file(content):
    if not isinstance(content, bytes):
        content = json.dumps({"type": "FeatureCollection", "features": content}).encode()
    return SimpleUploadedFile("wards.geojson", content, content_type="application/geo+json")


@pytest.fixture
def coordinator(world, client):
    user = world.user(Role.CITY_COORDINATOR)
    login(client, user)
    return user


@pytest.fixture
def existing(world, coordinator):
    return WardBoundary.objects.create(ward=world.other_ward, geometry={
        "type": "Polygon", "coordinates": [EAST]}, uploaded_by=coordinator)


@pytest.mark.parametrize(("content", "expected"), [
    (b"{not json", "is not valid JSON"),
    ([_feature("99999")], "has the code 99999"),
    ([_feature("00070", SQUARE[:3])], "a ring needs at least 4"),
    ([_feature("00070", BOW_TIE)], "crosses itself"),
    ([_feature("00070", kind="Point")], "only Polygon and MultiPolygon"),
])
def test_it_lists_the_problem_and_stores_nothing(client, english, existing, content, expected):
    response = client.post(reverse("indicators:boundaries"), {"file": _file(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was stored: the file has 1 problem." in page
    assert expected in page
    assert list(WardBoundary.objects.all()) == [existing]  # the old outlines are kept


def test_it_replaces_the_boundaries_with_a_valid_file(client, world, existing, coordinator):
    response = client.post(reverse("indicators:boundaries"),
                           {"file": _file([_feature("00070"), _feature("00004", EAST)])})
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:map") + "?province=01"
    rows = {b.ward.code: b for b in WardBoundary.objects.select_related("ward")}
    assert set(rows) == {"00070", "00004"}
    assert rows["00070"].geometry["coordinates"] == [SQUARE]
    assert rows["00070"].uploaded_by == coordinator
    assert not WardBoundary.objects.filter(pk=existing.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT,
                                     model="indicators.wardboundary").count() == 1


def test_it_says_which_code_properties_are_accepted(client, coordinator, english):
    page = client.get(reverse("indicators:boundaries")).content.decode()
    assert "code, ma, ma_xa, ward_code" in page


def test_it_lets_only_the_coordinator_upload(client, world):
    login(client, world.user(Role.CITY_LEADER))
    assert client.get(reverse("indicators:boundaries")).status_code == 403
    response = client.post(reverse("indicators:boundaries"), {"file": _file([_feature("00070")])})
    assert response.status_code == 403
    assert not WardBoundary.objects.exists()


def test_it_draws_a_tile_per_ward_until_outlines_exist(client, world, coordinator):
    page = client.get(reverse("indicators:map")).content.decode()
    assert page.count("<rect ") == 2 and "<path " not in page
    assert 'href="/indicators/00004/"' in page and 'href="/indicators/00070/"' in page
    assert page.index('data-code="00004"') < page.index('data-code="00070"')


def test_it_draws_the_uploaded_outlines(client, world, existing):
    page = client.get(reverse("indicators:map")).content.decode()
    assert page.count("<path ") == 1 and "<rect " not in page
    assert 'data-code="00004"' in page
    assert "<title>Phường Ba Đình (00004)" in page


def test_it_colours_the_wards_by_an_indicator(client, world, coordinator, english):
    crimes = IndicatorDefinition.objects.create(code="crimes", name="Crimes", unit="cases")
    officer = world.user(Role.WARD_OFFICER)
    indicator_value_set(actor=officer, ward=world.ward, indicator=crimes,
                        month=date(2025, 3, 1), raw="4")
    indicator_value_set(actor=officer, ward=world.ward, indicator=crimes,
                        month=date(2025, 4, 1), raw="3")
    page = client.get(reverse("indicators:map"), {"indicator": "crimes", "year": "2025"})
    text = page.content.decode()
    assert "Phường Hoàn Kiếm (00070): 7 cases" in text
    assert "Phường Ba Đình (00004): No figures" in text
    assert "Lower is better." in text


def test_it_shows_readiness_of_the_years_round(client, world, coordinator, english):
    assessment_for(world.ward, year=2026)
    text = client.get(reverse("indicators:map"), {"year": "2026"}).content.decode()
    assert "Phường Hoàn Kiếm (00070): Registered, preparing the dossier" in text
    assert "Phường Ba Đình (00004): Not registered" in text


def test_it_shows_a_ward_chief_only_their_ward(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    response = client.get(reverse("indicators:map"), {"indicator": "nonsense", "year": "abc"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-code="00070"' in text and 'data-code="00004"' not in text
    assert "Upload ward boundaries" not in text
