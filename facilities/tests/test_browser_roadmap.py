"""In a real browser: a ward records its headquarters, the city sees the road to 2030 move."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Role
from facilities.models import EquipmentItem, InventoryLine
from testing.browser import log_in
from testing.factories import TEST_PASSWORD

# The team reviews screenshots from this fixed place (the brief names it).
SHOTS = Path("/tmp/shots-roadmap")  # noqa: S108


def _shares(page: Page, year: int) -> tuple[str, str]:
    row = page.locator(f'#roadmap-table tr[data-year="{year}"]')
    return row.locator("td.hq-share").inner_text(), row.locator("td.eq-share").inner_text()


def test_it_shows_the_city_the_projection_change_after_a_ward_update(
    page: Page, browser, live_server, world
):
    SHOTS.mkdir(exist_ok=True)
    year = timezone.localdate().year
    radio = EquipmentItem.objects.create(code="radio", name="Bộ đàm", norm_per_unit=2)
    InventoryLine.objects.create(ward=world.other_ward, item=radio, usable=2)
    officer = world.user(Role.WARD_OFFICER)
    coordinator = world.user(Role.CITY_COORDINATOR)
    # City roles owe a second factor; log_in reads the code from this device.
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)

    log_in(page, coordinator.username, TEST_PASSWORD)
    page.goto("/facilities/roadmap/")
    hq_before, eq_before = _shares(page, year)
    assert re.fullmatch(r"0 · 0[,.]0%", hq_before)
    assert re.fullmatch(r"1 · 50[,.]0%", eq_before)
    page.screenshot(path=str(SHOTS / "roadmap-before.png"), full_page=True)

    # The ward officer works in a browser of its own.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  base_url=live_server.url)
    ward_page = context.new_page()
    log_in(ward_page, officer.username, TEST_PASSWORD)
    ward_page.goto("/facilities/00070/headquarters/")
    ward_page.locator('input[name="valid_from"]').fill(f"{timezone.localdate():%d/%m/%Y}")
    ward_page.locator('select[name="status"]').select_option("own")
    ward_page.locator('input[name="floor_area"]').fill("320,5")
    ward_page.locator("form.stacked button[type=submit]").click()
    expect(ward_page).to_have_url(re.compile(r"/facilities/00070/$"))
    ward_page.goto("/facilities/00070/equipment/")
    ward_page.locator(f'input[name="usable_{radio.pk}"]').fill("2")
    ward_page.locator("main form button[type=submit]").click()
    expect(ward_page).to_have_url(re.compile(r"/facilities/00070/equipment/$"))
    context.close()
    assert InventoryLine.objects.get(ward=world.ward, item=radio).usable == 2

    page.reload()
    hq_after, eq_after = _shares(page, year)
    assert re.fullmatch(r"1 · 50[,.]0%", hq_after)
    assert re.fullmatch(r"2 · 100[,.]0%", eq_after)
    expect(page.locator("#hq-off-track")).not_to_contain_text("Phường Hoàn Kiếm")
    expect(page.locator("#hq-off-track")).to_contain_text("Phường Ba Đình")
    page.screenshot(path=str(SHOTS / "roadmap-after.png"), full_page=True)
