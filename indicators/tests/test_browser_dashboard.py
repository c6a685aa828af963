"""The city leader opens the dashboard, filters by year, clicks a ward in the ranking and
reaches the stored figures behind it. Elements are found by ids, names and data attributes."""

from __future__ import annotations

from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from indicators.models import IndicatorDefinition
from indicators.services import indicator_value_set
from testing.browser import log_in, screenshot_if_asked
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)




def test_it_leads_the_city_leader_from_the_ranking_to_the_source_figures(page, world):
    reported = IndicatorDefinition.objects.create(code="crimes-reported", name="Crimes reported",
                                                  unit="cases", order=1)
    IndicatorDefinition.objects.create(code="crimes-solved", name="Crimes solved",
                                       not_above=reported, higher_is_better=True, order=2)
    coordinator = world.user(Role.CITY_COORDINATOR)
    for year, factor in ((2024, 2), (2025, 1)):
        for m in range(1, 13):
            for ward, base in ((world.ward, 4), (world.other_ward, 9)):
                indicator_value_set(actor=coordinator, ward=ward, indicator=reported,
                                    month=date(year, m, 1), raw=str(base * factor + m % 4))
    leader = world.user(Role.CITY_LEADER)
    TOTPDevice.objects.create(user=leader, name="test", confirmed=True)
    log_in(page, leader.username, TEST_PASSWORD)
    page.goto("/indicators/dashboard/")
    page.select_option("#f-year", "2025")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "year=2025" in page.url
    expect(page.locator("#trends tr[data-indicator='crimes-reported'] .year-total")).to_have_text(
        str(sum(4 + m % 4 for m in range(1, 13)) + sum(9 + m % 4 for m in range(1, 13))))
    expect(page.locator("svg.chart title").first).to_be_attached()
    screenshot_if_asked(page, "city-dashboard")
    page.locator("#ranking tr[data-ward='00004'] td a").first.click()
    page.wait_for_load_state()
    assert "/indicators/values/" in page.url and "ward=00004" in page.url
    expect(page.locator("#values tbody tr[data-ward='00004']")).to_have_count(12)
    expect(page.locator("#values tbody tr[data-ward='00070']")).to_have_count(0)
    screenshot_if_asked(page, "values")
    page.goto("/indicators/00070/?year=2025&indicator=crimes-reported")
    # The median of 5 and 10, in the Vietnamese number format.
    expect(page.locator("#ward-months .median").first).to_have_text("7,50")
    screenshot_if_asked(page, "ward-dashboard")
