"""A ward's year under the "An toàn về ANTT" standard, in a real browser and in Vietnamese.

Phường Hoàn Kiếm (00070) has 10 residential groups. On 10/03/2026, within the registration
period, its police chief registers all of them and the ward itself. On 25/11/2026 the chief
assesses one group on its page and the nine others from an Excel file, two of which fail
criterion 3; the ward People's Committee, in a browser of its own, recognises the 8 groups
that meet the standard with a signed decision. The ward then has 80% of its groups
recognised: its own criterion 1 reads 80% and is met, the ward police dossier's
"groups-safe-share" criterion reads 80 and is met, and the city coordinator's map shows
80 % for the ward.

Elements are found by ids, names and data attributes; buttons, messages, labels and badges
are checked in the Vietnamese of the catalogue.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook
from playwright.sync_api import Locator, Page, expect

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
from units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WARD = "00070"
YEAR = 2026
WARD_PAGE = f"/movement/ward/{WARD}/{YEAR}/"
ON_WARD_PAGE = re.compile(rf"/movement/ward/{WARD}/{YEAR}/$")
# Imported groups that answer "Không" on criterion 3 (no drug spot, no new addicts).
FAILING = ("HK03", "HK07")
SIGNER = "Nguyễn Văn An"


def _results_xlsx(groups: list[OrgUnit]) -> bytes:
    """The layout of movement/results_io.py: "Có" everywhere but criterion 3 of FAILING."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã tổ", "Tên tổ", *(f"Tiêu chí {n}" for n in range(1, 7)), "Minh chứng"])
    for group in groups:
        values = ["Không" if n == 3 and group.code in FAILING else "Có" for n in range(1, 7)]
        sheet.append([group.code, group.name, *values, f"Biên bản họp tổ {group.code}"])
    body = BytesIO()
    book.save(body)
    return body.getvalue()


def _fact(page: Page, label: str) -> Locator:
    """The figure after a label of the ward's summary card."""
    return page.locator("#share-card dt", has_text=re.compile(f"^{label}$")).locator(
        "xpath=following-sibling::dd[1]")


def _group_cell(page: Page, group: OrgUnit, column: int) -> Locator:
    return page.locator(f'#groups tr[data-group="{group.code}"] td').nth(column)


def test_a_ward_registers_assesses_and_recognises_its_groups_and_the_city_sees_80_percent(
    page: Page, desks, world, time_machine,
):
    # --- 10/03/2026: the registration period ---------------------------------------------
    time_machine.move_to(hanoi(YEAR, 3, 10))
    indicator_definitions_load()
    standard_sets_load()
    # The world already gives the ward one group: nine more make ten.
    assert world.group.parent_id == world.ward.pk
    created = [ResidentialGroupFactory(parent=world.ward, code=f"HK{n:02d}",
                                       name=f"Tổ dân phố Hoàn Kiếm {n}") for n in range(1, 10)]
    groups = [world.group, *created]
    assert OrgUnit.objects.filter(parent=world.ward,
                                  kind=OrgUnit.Kind.RESIDENTIAL_GROUP).count() == 10
    chief = world.user(Role.WARD_CHIEF)
    committee = world.user(Role.WARD_COMMITTEE)
    coordinator = world.user(Role.CITY_COORDINATOR)
    # City roles owe a second factor; log_in reads the code from this device.
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)

    log_in(page, chief.username, TEST_PASSWORD)
    page.goto("/movement/")
    expect(page).to_have_url(ON_WARD_PAGE)
    expect(page.locator("#groups tbody tr[data-group]")).to_have_count(10)
    expect(_fact(page, "Đã đăng ký")).to_have_text("0")
    for group in groups:
        expect(_group_cell(page, group, 2)).to_have_text("chưa đăng ký")
    register = page.locator("#register-form")
    expect(register.locator("h3")).to_have_text("Đăng ký năm 2026")
    boxes = register.locator('input[name="groups"]')
    expect(boxes).to_have_count(10)
    for n in range(10):
        boxes.nth(n).check()
    register.get_by_label("Xã, phường cũng đăng ký").check()
    screenshot_if_asked(page, "safe-groups-register")
    register.get_by_role("button", name="Đăng ký").click()
    expect(page).to_have_url(ON_WARD_PAGE)
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận 11 đăng ký năm 2026.")
    expect(_fact(page, "Đã đăng ký")).to_have_text("10")
    for group in groups:
        expect(_group_cell(page, group, 2)).to_have_text("10/03/2026")
        expect(_group_cell(page, group, 3)).to_have_text("Chưa đánh giá")
    # No group is left to register; the ward's own standard is registered too.
    expect(boxes).to_have_count(0)
    expect(page.locator("#commune-card a").first).to_have_text("Tiêu chí của xã, phường")
    screenshot_if_asked(page, "safe-groups-registered")
    assert SafetyAssessment.objects.filter(ward=world.ward, year=YEAR).count() == 11

    # --- 25/11/2026: the year's assessment -------------------------------------------------
    time_machine.move_to(hanoi(YEAR, 11, 25))
    # The March session has long expired: the chief logs in again.
    log_in(page, chief.username, TEST_PASSWORD)
    page.goto(WARD_PAGE)
    expect(page.locator("#register-form")).to_have_count(0)
    expect(page.locator("#registration-closed")).to_contain_text("31/03/2026")
    page.locator(f'#groups tr[data-group="{world.group.code}"]').get_by_role(
        "link", name="Đánh giá").click()
    expect(page).to_have_url(re.compile(r"/movement/assessment/\d+/$"))
    expect(page.locator("#assessment-status")).to_have_text("Chưa đánh giá")
    expect(page.locator('#assess-form tbody tr[id^="criterion-"]')).to_have_count(6)
    for n in range(1, 7):
        page.locator(f"#criterion-{n}").get_by_label("Có", exact=True).check()
    screenshot_if_asked(page, "safe-groups-assess-one")
    page.get_by_role("button", name="Lưu kết quả đánh giá").click()
    expect(page).to_have_url(ON_WARD_PAGE)
    expect(_group_cell(page, world.group, 3)).to_have_text("Đạt tiêu chuẩn")
    expect(_fact(page, "Đã đánh giá")).to_have_text("1")

    page.get_by_role("link", name="Nhập kết quả từ Excel").click()
    expect(page).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/import/$"))
    page.get_by_label("Tệp (XLSX hoặc CSV)").set_input_files(files=[{
        "name": "ket-qua-an-toan-antt.xlsx", "mimeType": XLSX,
        "buffer": _results_xlsx(created)}])
    screenshot_if_asked(page, "safe-groups-import")
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page).to_have_url(ON_WARD_PAGE)
    expect(page.locator(".messages")).to_contain_text("Đã đánh giá 9 tổ từ tệp.")
    for group in groups:
        expect(_group_cell(page, group, 3)).to_have_text(
            "Không đạt tiêu chuẩn" if group.code in FAILING else "Đạt tiêu chuẩn")
    expect(_fact(page, "Đã đánh giá")).to_have_text("10")
    expect(_fact(page, "Đã công nhận")).to_have_text("0")
    # The police chief assesses; recognising is the People's Committee's.
    expect(page.locator("#recognise-link")).to_have_count(0)
    screenshot_if_asked(page, "safe-groups-assessed")
    assert SafetyAssessment.objects.filter(
        ward=world.ward, year=YEAR, unit__parent=world.ward, meets=True).count() == 8

    # --- The ward People's Committee recognises the groups that meet the standard -----------
    desk = desks()
    log_in(desk, committee.username, TEST_PASSWORD)
    desk.goto("/movement/")
    expect(desk).to_have_url(ON_WARD_PAGE)
    link = desk.locator("#recognise-link")
    expect(link).to_have_text("Ghi nhận quyết định công nhận 8 tổ")
    link.click()
    expect(desk).to_have_url(re.compile(rf"/movement/ward/{WARD}/{YEAR}/recognise/$"))
    form = desk.locator("#recognise-form")
    offered = form.locator('input[name="groups"]')
    # Only the groups that meet the standard are offered, all ticked.
    expect(offered).to_have_count(8)
    for n in range(8):
        expect(offered.nth(n)).to_be_checked()
    for group in groups:
        expect(form.get_by_text(f"({group.code})")).to_have_count(
            0 if group.code in FAILING else 1)
    expect(form.locator('input[name="signer"]')).to_have_value(
        "Chủ tịch Ủy ban nhân dân Phường Hoàn Kiếm")
    form.get_by_label("Số quyết định").fill("120/QĐ-UBND")
    form.get_by_label("Ngày ký").fill("25/11/2026")
    form.get_by_label("Người ký").fill(SIGNER)
    form.get_by_label("Quyết định đã ký").set_input_files(files=[{
        "name": "qd-120-cong-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    screenshot_if_asked(desk, "safe-groups-recognise")
    form.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(desk).to_have_url(ON_WARD_PAGE)
    expect(desk.locator(".messages")).to_contain_text("Đã công nhận 8 tổ “An toàn về ANTT”.")
    expect(_fact(desk, "Đã công nhận")).to_have_text("8")
    expect(_fact(desk, "Tỷ lệ được công nhận")).to_contain_text("80%")
    expect(desk.locator("#group-share strong")).to_have_text("80%")
    for group in groups:
        failing = group.code in FAILING
        expect(_group_cell(desk, group, 3)).to_have_text(
            "Không đạt tiêu chuẩn" if failing else "Đã công nhận")
        expect(_group_cell(desk, group, 4)).to_have_text("—" if failing else "120/QĐ-UBND")
    expect(desk.locator("main ul li", has_text="120/QĐ-UBND")).to_contain_text(
        f"Quyết định số 120/QĐ-UBND ngày 25/11/2026, người ký: {SIGNER}")
    expect(desk.locator("#recognise-link")).to_have_count(0)
    screenshot_if_asked(desk, "safe-groups-recognised")
    decision = SafetyDecision.objects.get(ward=world.ward, year=YEAR)
    assert (decision.number, decision.level, decision.signer) == (
        "120/QĐ-UBND", SafetyDecision.Level.GROUP, SIGNER)
    assert f"{decision.signed_on:%d/%m/%Y}" == "25/11/2026"
    assert sorted(a.unit.code for a in decision.assessments.all()) == sorted(
        g.code for g in groups if g.code not in FAILING)

    # --- The ward's own criterion 1: 80%, met ----------------------------------------------
    page.goto(WARD_PAGE)
    expect(page.locator("#group-share strong")).to_have_text("80%")
    page.get_by_role("link", name="Tiêu chí của xã, phường").click()
    expect(page).to_have_url(re.compile(r"/movement/assessment/\d+/$"))
    share_row = page.locator("#criterion-1")
    expect(share_row.locator("td").nth(1).locator("strong")).to_have_text("80%")
    expect(share_row.locator("td").nth(1)).to_contain_text("Hệ thống tính:")
    expect(share_row.locator("td").nth(1)).to_contain_text("8/10 tổ dân phố được công nhận")
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

    # --- The city sees the ward at 80 % on the map -----------------------------------------
    city = desks()
    log_in(city, coordinator.username, TEST_PASSWORD)
    city.goto(f"/indicators/map/?indicator=safe-residential-group-share&year={YEAR}")
    expect(city.locator(f'svg#ward-map a.ward-cell[data-code="{WARD}"] title')).to_have_text(
        f"{world.ward.name} ({WARD}): 80 %")
    other = world.other_ward
    expect(city.locator(f'svg#ward-map a.ward-cell[data-code="{other.code}"] title')
           ).to_have_text(f"{other.name} ({other.code}): Chưa có số liệu")
    city.locator("details summary").click()
    row = city.locator("details tbody tr").filter(has_text=WARD)
    expect(row.locator("td")).to_have_text([WARD, world.ward.name, "80 %"])
    screenshot_if_asked(city, "safe-groups-city-map")
