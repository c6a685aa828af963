from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import Role, User
from testing.factories import (
    AgencyFactory,
    ProvinceFactory,
    ResidentialGroupFactory,
    WardFactory,
    user_with_role,
)
from units.models import Agency, OrgUnit


@pytest.fixture(scope="session", autouse=True)
def _suite_clock():
    # Session-wide, so module-scoped fixtures (the demo the crawl walks) see it too; see
    # testing/clock.py for why the suite does not run on the machine's date.
    import time_machine

    from testing.clock import SUITE_NOW

    with time_machine.travel(SUITE_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives a test (rate-limit counters), and so do the public
    # links a process keeps: each test starts empty.
    from django.core.cache import cache

    from consultations.selectors import public_links_forget

    cache.clear()
    public_links_forget()
    yield
    cache.clear()
    public_links_forget()


@dataclass
class World:
    """Two wards in one province, one agency, and another province, for scope tests."""

    province: OrgUnit
    ward: OrgUnit
    other_ward: OrgUnit
    group: OrgUnit
    other_group: OrgUnit
    agency: Agency
    other_agency: Agency
    other_province: OrgUnit
    far_ward: OrgUnit

    def user(self, role: str, *, own: bool = True) -> User:
        """A holder of `role` scoped to this world's own ward/agency/province, or the other."""
        return user_with_role(
            role,
            org_unit=(
                (self.province if own else self.other_province)
                if role in (Role.CITY_COORDINATOR, Role.CITY_LEADER, Role.COUNCIL_MEMBER)
                else (self.ward if own else self.other_ward)
            ),
            agency=self.agency if own else self.other_agency,
        )


@pytest.fixture
def world(db: None) -> World:
    province = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    other_province = ProvinceFactory(code="79", name="Thành phố Hồ Chí Minh")
    ward = WardFactory(parent=province, code="00070", name="Phường Hoàn Kiếm")
    other_ward = WardFactory(parent=province, code="00004", name="Phường Ba Đình")
    return World(
        province=province,
        ward=ward,
        other_ward=other_ward,
        group=ResidentialGroupFactory(parent=ward),
        other_group=ResidentialGroupFactory(parent=other_ward),
        agency=AgencyFactory(province=province, code="so-tu-phap", name="Sở Tư pháp"),
        other_agency=AgencyFactory(province=province, code="so-xay-dung", name="Sở Xây dựng"),
        other_province=other_province,
        far_ward=WardFactory(parent=other_province, code="26734", name="Phường Sài Gòn"),
    )


# --- Browser tests --------------------------------------------------------------------
# CI sets REQUIRE_BROWSER=1: there a browser test that is skipped (no Chromium) fails the
# whole run instead of passing quietly.
_skipped_browser_tests: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import os

    if os.environ.get("REQUIRE_BROWSER") == "1" and _skipped_browser_tests:
        session.config.get_terminal_writer().line(
            f"ERROR: {len(_skipped_browser_tests)} browser test(s) were skipped but "
            "REQUIRE_BROWSER=1: " + ", ".join(_skipped_browser_tests[:5]),
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


CHROMIUM = "/usr/bin/chromium"
# Flags from the machine notes: without the background-networking ones Chromium keeps
# trying to reach Google's hosts, which the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make beside it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    # Every browser test also checks the Content-Security-Policy: Chromium reports what it
    # refused (an inline script, an eval in HTMX) on the console.
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not refused, "the page broke its Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def desks(browser, live_server):
    """More people, each in a browser context of its own (downloads allowed), with the CSP
    watch of `page`: call it for each person's tab."""
    contexts = []
    refused: list[str] = []

    def open_desk():
        context = browser.new_context(viewport={"width": 1366, "height": 768},
                                      locale="vi-VN", base_url=live_server.url,
                                      accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
        return tab

    yield open_desk
    for context in contexts:
        context.close()
    assert not refused, "a page broke its Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def english(settings):
    """Run a test in English, for assertions on the msgids rather than the catalogue."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
