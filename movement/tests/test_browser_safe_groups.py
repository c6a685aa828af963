"""A ward's year under the "An toàn về ANTT" standard, in a real browser.

Hoàn Kiếm (00070) has 10 residential groups. On 10/03/2026, within the registration period,
its police chief registers all of them and the ward itself. On 25/11/2026 the chief assesses
one group on its page and the nine others from an Excel file, two of which fail criterion 3;
the ward People's Committee, in a browser of its own, recognises the 8 groups that meet the
standard with a signed decision. The ward then holds 80% of its groups recognised: its own
criterion 1 reads 80% and is met, the ward police dossier's "groups-safe-share" criterion
reads 80 and is met, and the city coordinator's map shows 80 % for the ward.

Elements are found by ids, names and data attributes; the Vietnamese texts asserted are
those of the catalogue (Có, Đạt, Đã đăng ký, Đã công nhận).
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from accounts.models import Role
from assessments.models import Criterion
from assessments.services import assessment_sources_refresh
from indicators.entry_services import indicator_definitions_load
from movement.models import SafetyAssessment, SafetyDecision
from movement.services import standard_sets_load
from testing.browser import log_in, screenshot_if_asked
from testing.clock import hanoi
from testing.factories import (
    TEST_PASSWORD,
    ResidentialGroupFactory,
    assessment_for,
    criteria_set_with,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WARD = "00070"
YEAR = 2026
# Imported groups that answer "Không" on criterion 3 (no drug spot, no new addicts).
FAILING = ("HK03", "HK07")


def _desk(browser, live_server, contexts: list) -> Page:
    """A browser of its own for another person, with the same CSP watch as `page`."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN",
                                  base_url=live_server.url)
    context.set_default_timeout(15_000)
    contexts.append(context)
    tab = context.new_page()
    tab.on("console", lambda message: contexts.append(message.text)
           if "Content Security Policy" in message.text else None)
    return tab


def _results_xlsx(codes: list[tuple[str, str]]) -> bytes:
    """The import layout of movement/results_io.py: every criterion "Có", except criterion
    3 of the FAILING groups."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã tổ", "Tên tổ", *(f"Tiêu chí {n}" for n in range(1, 7)), "Minh chứng"])
    for code, name in codes:
        values = ["Không" if n == 3 and code in FAILING else "Có" for n in range(1, 7)]
        sheet.append([code, name, *values, f"Biên bản họp tổ {code}"])
    body = BytesIO()
    book.save(body)
    return body.getvalue()


def _fact(page: Page, label: str):
    """The figure after a label of the ward's summary card."""
    return page.locator("#share-card dt", has_text=re.compile(f"^{label}$")).locator(
        "xpath=following-sibling::dd[1]")


def test_a_ward_registers_assesses_and_recognises_its_groups_and_the_city_sees_80_percent(
    page: Page, browser, live_server, world, time_machine,
):
    contexts: list = []
    try:
        _story(page, browser, live_server, world, time_machine, contexts)
    finally:
        for item in contexts:
            if not isinstance(item, str):
                item.close()
    refused = [item for item in contexts if isinstance(item, str)]
    assert not refused, "a page broke its Content-Security-Policy:\n" + "\n".join(refused)


def _story(page: Page, browser, live_server, world, time_machine, contexts: list) -> None:
    # --- 10/03/2026: the registration period --------------------------------------------
    time_machine.move_to(hanoi(YEAR, 3, 10))
    indicator_definitions_load()
    standard_sets_load()
    # The world already gives the ward one group: nine more make ten.
    assert world.group.parent_id == world.ward.pk
    created = [ResidentialGroupFactory(parent=world.ward, code=f"HK{n:02d}",
                                       name=f"Tổ dân phố Hoàn Kiếm {n}") for n in range(1, 10)]
    groups = [world.group, *created]
    assert world.ward.children.filter(kind=world.group.kind).count() == 10
    chief = world.user(Role.WARD_CHIEF)
    committee = world.user(Role.WARD_COMMITTEE)
    coordinator = world.user(Role.CITY_COORDINATOR)
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)

    log_in(page, chief.username, TEST_PASSWORD)
    page.goto("/movement/")
    expect(page).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/$"))
    expect(page.locator("#groups tbody tr[data-group]")).to_have_count(10)
    expect(_fact(page, "Đã đăng ký")).to_have_text("0")
    boxes = page.locator('#register-form input[name="groups"]')
    expect(boxes).to_have_count(10)
    for n in range(10):
        boxes.nth(n).check()
    page.locator('#register-form input[name="include_ward"]').check()
    screenshot_if_asked(page, "safe-groups-register")
    page.locator("#register-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/$"))
    expect(_fact(page, "Đã đăng ký")).to_have_text("10")
    for group in groups:
        expect(page.locator(f'#groups tr[data-group="{group.code}"] td').nth(2)).to_have_text(
            "10/03/2026")
    # Every group registered: none is offered any more; the ward's own standard is registered.
    expect(boxes).to_have_count(0)
    expect(page.locator("#commune-card a").first).to_be_visible()
    screenshot_if_asked(page, "safe-groups-registered")
    assert SafetyAssessment.objects.filter(ward=world.ward, year=YEAR).count() == 11

    # --- 25/11/2026: the year's assessment -----------------------------------------------
    time_machine.move_to(hanoi(YEAR, 11, 25))
    # The March session has long expired: the chief logs in again.
    log_in(page, chief.username, TEST_PASSWORD)
    page.goto(f"/movement/ward/{WARD}/{YEAR}/")
    expect(page.locator("#registration-closed")).to_be_visible()
    page.locator(f'#groups tr[data-group="{world.group.code}"] a').click()
    expect(page).to_have_url(re.compile(r"/movement/assessment/\d+/$"))
    criteria_rows = page.locator('#assess-form tbody tr[id^="criterion-"]')
    expect(criteria_rows).to_have_count(6)
    for n in range(1, 7):
        page.locator(f"#criterion-{n}").get_by_label("Có", exact=True).check()
    screenshot_if_asked(page, "safe-groups-assess-one")
    page.locator("#assess-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/$"))
    expect(page.locator(f'#groups tr[data-group="{world.group.code}"] .badge-warn')
           ).to_have_count(1)
    expect(_fact(page, "Đã đánh giá")).to_have_text("1")

    page.goto(f"/movement/ward/{WARD}/{YEAR}/import/")
    page.locator('input[name="file"]').set_input_files(files=[{
        "name": "ket-qua-an-toan-antt.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": _results_xlsx([(g.code, g.name) for g in created])}])
    screenshot_if_asked(page, "safe-groups-import")
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/$"))
    for group in groups:
        badge = ".badge-bad" if group.code in FAILING else ".badge-warn"
        expect(page.locator(f'#groups tr[data-group="{group.code}"] {badge}')).to_have_count(1)
    expect(_fact(page, "Đã đánh giá")).to_have_text("10")
    screenshot_if_asked(page, "safe-groups-assessed")
    assert SafetyAssessment.objects.filter(
        ward=world.ward, year=YEAR, unit__parent=world.ward, meets=True).count() == 8
    # The chief assesses but does not recognise.
    expect(page.locator("#recognise-link")).to_have_count(0)

    # --- The ward People's Committee recognises the groups that meet the standard --------
    desk = _desk(browser, live_server, contexts)
    log_in(desk, committee.username, TEST_PASSWORD)
    desk.goto(f"/movement/ward/{WARD}/{YEAR}/")
    desk.locator("#recognise-link").click()
    expect(desk).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/recognise/$"))
    offered = desk.locator('#recognise-form input[name="groups"]')
    expect(offered).to_have_count(8)
    for n in range(8):
        expect(offered.nth(n)).to_be_checked()
    form_text = desk.locator("#recognise-form").inner_text()
    for group in groups:
        assert (f"({group.code})" in form_text) is (group.code not in FAILING), group.code
    desk.locator('#recognise-form input[name="number"]').fill("120/QĐ-UBND")
    desk.locator('#recognise-form input[name="signed_on"]').fill("25/11/2026")
    desk.locator('#recognise-form input[name="signer"]').fill(
        "Chủ tịch UBND phường Hoàn Kiếm Nguyễn Văn An")
    desk.locator('#recognise-form input[name="document"]').set_input_files(files=[{
        "name": "qd-120-cong-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    screenshot_if_asked(desk, "safe-groups-recognise")
    desk.locator("#recognise-form button[type=submit]").click()
    expect(desk).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/$"))
    expect(_fact(desk, "Đã công nhận")).to_have_text("8")
    expect(desk.locator("#group-share strong")).to_have_text("80%")
    recognised_rows = desk.locator("#groups tbody tr[data-group]").filter(
        has=desk.locator(".badge-ok"))
    expect(recognised_rows).to_have_count(8)
    expect(recognised_rows.locator(".badge-ok")).to_have_text(["Đã công nhận"] * 8)
    for group in groups:
        expect(desk.locator(f'#groups tr[data-group="{group.code}"] td').nth(4)).to_have_text(
            "—" if group.code in FAILING else "120/QĐ-UBND")
    expect(desk.locator("#recognise-link")).to_have_count(0)
    screenshot_if_asked(desk, "safe-groups-recognised")
    decision = SafetyDecision.objects.get(ward=world.ward, year=YEAR)
    assert decision.number == "120/QĐ-UBND"
    assert decision.level == SafetyDecision.Level.GROUP
    assert f"{decision.signed_on:%d/%m/%Y}" == "25/11/2026"
    assert decision.assessments.count() == 8

    # --- The ward's own criterion: 80%, met -----------------------------------------------
    page.goto(f"/movement/ward/{WARD}/{YEAR}/")
    expect(page.locator("#group-share strong")).to_have_text("80%")
    page.locator("#commune-card a").first.click()
    expect(page).to_have_url(re.compile(r"/movement/assessment/\d+/$"))
    share_row = page.locator("#criterion-1")
    expect(share_row.locator("td").nth(1).locator("strong")).to_have_text("80%")
    expect(share_row.locator("td").nth(1)).to_contain_text("8/10")
    expect(share_row.locator("td").nth(2)).to_have_text("Đạt")
    screenshot_if_asked(page, "safe-groups-commune-criteria")

    # The ward police dossier reads the same share through the "lower_level" source.
    dossier_set = criteria_set_with(1)
    dossier_set.criteria.update(
        value_source=Criterion.ValueSource.LOWER_LEVEL, source_key="groups-safe-share",
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="70")
    dossier = assessment_for(world.ward, year=YEAR, criteria_set=dossier_set)
    assessment_sources_refresh(actor=None, assessment=dossier)
    value = dossier.values.get()
    assert Decimal(value.value) == Decimal(80)
    assert value.met is True
    assert "8/10" in value.source_note

    # --- The city sees the ward at 80 % on the map ----------------------------------------
    city = _desk(browser, live_server, contexts)
    log_in(city, coordinator.username, TEST_PASSWORD)
    city.goto(f"/indicators/map/?indicator=safe-residential-group-share&year={YEAR}")
    cell = city.locator(f'svg#ward-map a.ward-cell[data-code="{WARD}"]')
    expect(cell.locator("title")).to_have_text(f"{world.ward.name} ({WARD}): 80 %")
    other = city.locator(f'svg#ward-map a.ward-cell[data-code="{world.other_ward.code}"] title')
    expect(other).to_have_text(f"{world.other_ward.name} ({world.other_ward.code}): Chưa có số liệu")
    city.locator("details summary").click()
    table_row = city.locator("details tbody tr", has_text=WARD)
    expect(table_row.locator("td").nth(2)).to_have_text("80 %")
    screenshot_if_asked(city, "safe-groups-city-map")
