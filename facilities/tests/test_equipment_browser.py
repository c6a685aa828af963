from __future__ import annotations

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from facilities.models import EquipmentItem, InventoryLine, ProcurementPlan
from testing.browser import log_in
from testing.factories import TEST_PASSWORD

# The brief asks for screenshots there, to be looked at after the run.
SHOTS = Path("/tmp/shots-equipment")  # noqa: S108


@pytest.fixture
def items(db):
    return [
        EquipmentItem.objects.create(code="may-in", name="Máy in", norm_per_unit=3, order=1),
        EquipmentItem.objects.create(code="bo-dam", name="Máy bộ đàm cầm tay",
                                     norm_per_unit=8, order=2),
    ]


def test_it_keeps_typed_cells_and_shows_the_problem_in_the_browser(page, world, items):
    SHOTS.mkdir(exist_ok=True)
    InventoryLine.objects.create(ward=world.ward, item=items[0], usable=3)
    ProcurementPlan.objects.create(ward=world.ward, item=items[1], year=2027, quantity=4)
    officer = world.user(Role.WARD_OFFICER)
    log_in(page, officer.username, TEST_PASSWORD)
    page.goto("/facilities/00070/equipment/")
    page.screenshot(path=str(SHOTS / "inventory.png"), full_page=True)
    page.locator(f"#id_usable_{items[1].pk}").fill("-3")
    page.locator("main button.button[type=submit]").click()
    page.screenshot(path=str(SHOTS / "inventory-error.png"), full_page=True)
    assert page.locator(f"#id_usable_{items[1].pk}").input_value() == "-3"
    page.goto("/facilities/00070/procurement/")
    page.screenshot(path=str(SHOTS / "procurement.png"), full_page=True)
    assert page.get_by_text("2027").first.is_visible()


def test_it_shows_the_city_table_in_the_browser(page, world, items):
    SHOTS.mkdir(exist_ok=True)
    coordinator = world.user(Role.CITY_COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)
    log_in(page, coordinator.username, TEST_PASSWORD)
    page.goto("/facilities/equipment/")
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    page.goto("/facilities/equipment/catalogue/")
    page.screenshot(path=str(SHOTS / "catalogue.png"), full_page=True)
    page.goto("/facilities/equipment/inventory/import/")
    page.screenshot(path=str(SHOTS / "import.png"), full_page=True)
    assert page.locator("input[type=file]").is_visible()
