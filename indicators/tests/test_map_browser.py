"""The map in a browser: a refused file, a valid one, and the drawn map."""

import json
from datetime import date
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from indicators.models import IndicatorDefinition
from indicators.services import indicator_value_set
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, WardFactory

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/shots-map")  # noqa: S108 -- where the team collects screenshots


def _square(col, row):
    x, y = 105.80 + col * 0.02, 21.00 + row * 0.02
    return [[x, y], [x + 0.02, y], [x + 0.02, y + 0.02], [x, y + 0.02], [x, y]]


def test_it_uploads_outlines_and_draws_the_map(page, world):
    SHOTS.mkdir(exist_ok=True)
    wards = [world.ward, world.other_ward] + [
        WardFactory(parent=world.province, code=f"001{n:02d}", name=f"Phường {n}")
        for n in range(10)
    ]
    crimes = IndicatorDefinition.objects.create(code="crimes", name="Tội phạm xảy ra",
                                                unit="vụ")
    officer = world.user(Role.CITY_COORDINATOR)
    for n, ward in enumerate(wards):
        indicator_value_set(actor=officer, ward=ward, indicator=crimes,
                            month=date(2025, 5, 1), raw=str(n * 3 % 11))
    # City roles owe a second factor; log_in reads the code from this device.
    TOTPDevice.objects.create(user=officer, name="test", confirmed=True)
    log_in(page, officer.username, TEST_PASSWORD)

    page.goto("/indicators/map/?indicator=crimes&year=2025")
    assert page.locator("svg#ward-map rect").count() == len(wards)
    page.screenshot(path=str(SHOTS / "map-tiles.png"), full_page=True)

    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "99999"},
         "geometry": {"type": "Point", "coordinates": [105.8, 21.0]}}]}
    page.goto("/indicators/map/boundaries/")
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "bad.geojson", "mimeType": "application/geo+json",
        "buffer": json.dumps(bad).encode()}])
    page.locator("form.stacked button[type=submit]").click()
    assert page.locator("#import-errors tbody tr").count() == 2
    page.screenshot(path=str(SHOTS / "boundaries-refused.png"), full_page=True)

    good = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ma_xa": w.code},
         "geometry": {"type": "Polygon", "coordinates": [_square(n % 4, n // 4)]}}
        for n, w in enumerate(wards)]}
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "wards.geojson", "mimeType": "application/geo+json",
        "buffer": json.dumps(good).encode()}])
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url("**/indicators/map/**")
    page.goto("/indicators/map/?indicator=crimes&year=2025")
    assert page.locator("svg#ward-map path").count() == len(wards)
    page.screenshot(path=str(SHOTS / "map-outlines.png"), full_page=True)
    page.goto("/indicators/map/?year=2025")
    page.screenshot(path=str(SHOTS / "map-readiness.png"), full_page=True)
