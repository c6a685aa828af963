"""Entering a month in the browser: a wrong cell is shown in place, then the month saves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Role
from indicators.models import IndicatorValue
from testing.browser import log_in
from testing.factories import TEST_PASSWORD

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-entry"))  # noqa: S108


@pytest.mark.django_db(transaction=True)
def test_it_shows_a_wrong_cell_in_place_then_saves_the_month(world, page):
    call_command("load_indicators", verbosity=0)
    officer = world.user(Role.WARD_OFFICER)
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, officer.username, TEST_PASSWORD)
    page.goto(f"/indicators/{world.ward.code}/entry/?month=2026-03")
    page.locator("#id_crimes-reported").fill("5")
    page.locator("#id_crimes-solved").fill("7")
    page.locator("#id_fires").fill("1")
    page.screenshot(path=str(SHOTS / "entry-typed.png"), full_page=True)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "entry-errors.png"), full_page=True)
    assert page.locator("#row-crimes-solved .errorlist").is_visible()
    assert page.locator("#id_fires").input_value() == "1"
    assert not IndicatorValue.objects.exists()
    page.locator("#id_crimes-solved").fill("4")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "entry-saved.png"), full_page=True)
    assert IndicatorValue.objects.count() == 3
    assert page.locator("#row-crime-solve-rate output").inner_text() == "80,0"  # vi-VN comma
    page.goto("/indicators/definitions/")
    page.screenshot(path=str(SHOTS / "definitions.png"), full_page=True)
    page.goto("/indicators/import/")
    page.set_input_files("input[type=file]", files=[{
        "name": "so-lieu.csv", "mimeType": "text/csv",
        "buffer": "Mã phường,Tháng,Mã chỉ tiêu,Giá trị\n00004,03/2026,fires,1\n"
                  "00070,05/2099,fires,x\n".encode(),
    }])
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "import-errors.png"), full_page=True)
    assert page.locator("#import-errors tbody tr").count() == 3
