"""Issue 19 in a real browser and in Vietnamese: the city's training plan reaches the wards,
their attendance becomes a share of the force trained that the dossiers, the city's overview
and the map read, and a ward's commendation proposal ends in the year's published list.

On 25/11/2026 the city coordinator of Hà Nội creates the 2026 training plan with two
courses already held (March and June) and publishes it. The police chiefs of Phường Hoàn
Kiếm (00070) and Phường Ba Đình (00004), each in a browser of their own, save their staffing
(establishment 32, headcount 30 and 24) and the officers trained and passed in each course:
28 of 30 (93,33 %) and 23 of 24 (95,83 %). Those shares are what the ward police dossier's
"force / training-share" criterion reads (≥ 90: met), what the coordinator's overview shows
in each ward's row and what the map of the "force-trained-share" indicator writes in each
ward's title. Hoàn Kiếm's chief then proposes to commend an officer for 2025; the coordinator
forwards it to the emulation body, records its decision and downloads the 2025 list (a
proposal's year is the year its period ends), which names the officer and the decision.

Elements are found by ids, names and data attributes; buttons, messages, labels and badges
are checked in the Vietnamese of the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from docx import Document
from playwright.sync_api import Page, expect

from accounts.models import Role
from assessments.models import Criterion
from assessments.services import assessment_sources_refresh
from force.models import Attendance, Commendation, Course, Staffing, TrainingPlan
from indicators.entry_services import indicator_definitions_load
from testing.browser import log_in, screenshot_if_asked
from testing.factories import TEST_PASSWORD, assessment_for, criteria_set_with
from units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
PLAN_PAGE = f"/force/training/{YEAR}/"
ON_PLAN_PAGE = re.compile(rf"/force/training/{YEAR}/$")
PLAN_TITLE = "Kế hoạch đào tạo, bồi dưỡng năm 2026"


@dataclass(frozen=True)
class CourseSpec:
    title: str
    subject: str  # the Vietnamese label of Course.Subject
    starts_on: str
    ends_on: str
    organiser: str
    places: int


COURSES = (
    CourseSpec("Bồi dưỡng kỹ năng dân vận cho Công an phường", "Kỹ năng dân vận",
               "09/03/2026", "13/03/2026", "Phòng Xây dựng phong trào", 20),
    CourseSpec("Tập huấn pháp luật, nghiệp vụ quản lý cư trú", "Pháp luật, nghiệp vụ",
               "15/06/2026", "19/06/2026", "Phòng Cảnh sát quản lý hành chính", 15),
)


@dataclass(frozen=True)
class WardFigures:
    establishment: int
    headcount: int
    results: tuple[tuple[int, int], ...]  # (trained, passed) per course of COURSES

    @property
    def trained(self) -> int:
        return sum(trained for trained, _passed in self.results)

    @property
    def share(self) -> Decimal:
        """The rule of force/rules.py, written out again: truncated to 0.01, at most 100."""
        share = (Decimal(100) * self.trained / self.headcount).quantize(
            Decimal("0.01"), rounding=ROUND_DOWN)
        return min(share, Decimal(100))

    @property
    def share_vi(self) -> str:
        """The share as Vietnamese writes it: 93,33."""
        return format(self.share.normalize(), "f").replace(".", ",")


# 28/30 = 93,333…% and 23/24 = 95,833…%: truncated or rounded to 0.01, the same figure.
FIGURES = {
    "00070": WardFigures(establishment=32, headcount=30, results=((18, 17), (10, 10))),
    "00004": WardFigures(establishment=32, headcount=24, results=((12, 12), (11, 9))),
}

PERSON = "Nguyễn Văn Bình"
RANK = "Thượng úy, Phó Trưởng Công an phường"
AWARD = "Giấy khen của Giám đốc Công an Thành phố"
ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ xây dựng Công an phường kiểu mẫu năm 2025."
DECISION = "1234/QĐ-CAHN-PX01"
DECIDED_ON = "20/11/2026"


def _messages(page: Page):
    return page.locator(".messages")


def _ward_records_its_year(desk: Page, ward: OrgUnit, figures: WardFigures,
                           courses: list[Course]) -> None:
    """A ward's chief saves the staffing, then the officers trained and passed per course."""
    ward_page = f"/force/ward/{ward.code}/{YEAR}/"
    on_ward_page = re.compile(rf"/force/ward/{ward.code}/{YEAR}/$")
    # A ward user is sent from the force's front page to its own ward.
    desk.goto(f"/force/?year={YEAR}")
    expect(desk).to_have_url(on_ward_page)
    expect(desk.locator("h1")).to_have_text(f"Công an {ward.name} — {YEAR}")

    staffing = desk.locator("#staffing-form")
    staffing.get_by_label("Biên chế").fill(str(figures.establishment))
    staffing.get_by_label("Quân số thực tế").fill(str(figures.headcount))
    staffing.get_by_role("button", name="Lưu biên chế, quân số").click()
    expect(desk).to_have_url(on_ward_page)
    expect(_messages(desk)).to_contain_text("Đã lưu số liệu biên chế, quân số.")
    expect(staffing.locator('input[name="headcount"]')).to_have_value(str(figures.headcount))

    attendance = desk.locator("#attendance-form")
    expect(desk.locator("main")).to_contain_text(f"{PLAN_TITLE} · ")
    expect(desk.locator("main")).to_contain_text(
        f"0 lượt cán bộ đã được đào tạo (quân số {figures.headcount})")
    expect(attendance.locator("tbody tr[data-course]")).to_have_count(len(courses))
    for course, spec, (trained, passed) in zip(courses, COURSES, figures.results, strict=True):
        row = attendance.locator(f'tr[data-course="{course.pk}"]')
        expect(row.locator("td").first).to_contain_text(spec.title)
        expect(row.locator("td").nth(2)).to_have_text(str(spec.places))
        row.locator(f'input[name="t{course.pk}"]').fill(str(trained))
        row.locator(f'input[name="p{course.pk}"]').fill(str(passed))
    screenshot_if_asked(desk, f"force-ward-{ward.code}-attendance")
    attendance.get_by_role("button", name="Lưu kết quả đào tạo").click()
    expect(desk).to_have_url(on_ward_page)
    expect(_messages(desk)).to_contain_text("Đã lưu kết quả đào tạo, bồi dưỡng.")
    expect(desk.locator("main")).to_contain_text(
        f"{figures.trained} lượt cán bộ đã được đào tạo (quân số {figures.headcount})")
    for course, (trained, passed) in zip(courses, figures.results, strict=True):
        row = attendance.locator(f'tr[data-course="{course.pk}"]')
        expect(row.locator(f'input[name="t{course.pk}"]')).to_have_value(str(trained))
        expect(row.locator(f'input[name="p{course.pk}"]')).to_have_value(str(passed))
    screenshot_if_asked(desk, f"force-ward-{ward.code}-saved")
    # The page is the ward's: reloading it shows the same figures.
    desk.goto(ward_page)
    expect(desk.locator('#staffing-form input[name="establishment"]')).to_have_value(
        str(figures.establishment))

    staffing_row = Staffing.objects.get(ward=ward, year=YEAR)
    assert (staffing_row.establishment, staffing_row.headcount) == (
        figures.establishment, figures.headcount)
    assert sorted((a.course_id, a.trained, a.passed)
                  for a in Attendance.objects.filter(ward=ward)) == sorted(
        (c.pk, t, p) for c, (t, p) in zip(courses, figures.results, strict=True))


def test_the_training_plan_feeds_the_share_trained_and_a_commendation_reaches_the_list(
    page: Page, desks, world,
):
    indicator_definitions_load()
    wards = {world.ward.code: world.ward, world.other_ward.code: world.other_ward}
    assert set(wards) == set(FIGURES)
    coordinator = world.user(Role.CITY_COORDINATOR)
    # City roles owe a second factor; log_in reads the code from this device.
    TOTPDevice.objects.create(user=coordinator, name="test", confirmed=True)
    chiefs = {world.ward.code: world.user(Role.WARD_CHIEF),
              world.other_ward.code: world.user(Role.WARD_CHIEF, own=False)}

    # --- 1. The city coordinator makes the 2026 training plan and publishes it -------------
    log_in(page, coordinator.username, TEST_PASSWORD)
    page.goto(f"/force/?year={YEAR}")
    page.get_by_role("link", name=f"Kế hoạch đào tạo năm {YEAR}").click()
    expect(page).to_have_url(ON_PLAN_PAGE)
    expect(page.locator("h1")).to_have_text(f"Kế hoạch đào tạo năm {YEAR}")
    expect(page.locator("#courses")).to_have_count(0)
    plan_form = page.locator("#plan-form")
    expect(plan_form.get_by_label("Tên kế hoạch")).to_have_value(PLAN_TITLE)
    plan_form.get_by_role("button", name="Lập kế hoạch").click()
    expect(page).to_have_url(ON_PLAN_PAGE)
    expect(_messages(page)).to_contain_text("Đã lưu kế hoạch.")
    expect(page.locator("h1")).to_have_text(PLAN_TITLE)
    expect(page.locator("main .badge-warn")).to_have_text(
        "Chưa ban hành: Công an các phường chưa thấy kế hoạch")
    expect(page.locator("#courses tbody tr")).to_have_text(["Chưa có khóa học nào."])

    for number, spec in enumerate(COURSES, start=1):
        form = page.locator("#course-form")
        expect(form.locator("h2")).to_have_text("Thêm khóa học")
        form.get_by_label("Tên khóa học").fill(spec.title)
        form.get_by_label("Nội dung").select_option(label=spec.subject)
        form.get_by_label("Loại").select_option(label="Lớp ngắn hạn")
        form.get_by_label("Ngày bắt đầu").fill(spec.starts_on)
        form.get_by_label("Ngày kết thúc").fill(spec.ends_on)
        form.get_by_label("Đơn vị tổ chức").fill(spec.organiser)
        form.get_by_label("Chỉ tiêu mỗi phường").fill(str(spec.places))
        screenshot_if_asked(page, f"force-plan-course-{number}")
        form.get_by_role("button", name="Thêm khóa học").click()
        expect(page).to_have_url(ON_PLAN_PAGE)
        expect(_messages(page)).to_contain_text("Đã thêm khóa học.")
        expect(page.locator("#courses tbody tr")).to_have_count(number)
        expect(page.locator("#courses tbody tr").nth(number - 1).locator("td")).to_have_text(
            [str(number), spec.title, spec.subject, "Lớp ngắn hạn",
             f"{spec.starts_on} – {spec.ends_on}", spec.organiser, str(spec.places), "Sửa"])

    page.locator("#publish-form").get_by_role(
        "button", name="Ban hành kế hoạch tới Công an các phường").click()
    expect(page).to_have_url(ON_PLAN_PAGE)
    expect(_messages(page)).to_contain_text("Đã ban hành kế hoạch tới Công an các phường.")
    expect(page.locator("main .badge-ok")).to_have_text("Đã ban hành")
    expect(page.locator("#publish-form")).to_have_count(0)
    screenshot_if_asked(page, "force-plan-published")
    plan = TrainingPlan.objects.get(province=world.province, year=YEAR)
    assert plan.title == PLAN_TITLE and plan.is_published
    assert plan.published_by == coordinator
    courses = list(plan.courses.order_by("starts_on"))
    assert [(c.title, f"{c.starts_on:%d/%m/%Y}", f"{c.ends_on:%d/%m/%Y}", c.places_per_ward,
             c.kind) for c in courses] == [
        (s.title, s.starts_on, s.ends_on, s.places, Course.Kind.SHORT) for s in COURSES]
    assert [c.subject for c in courses] == [Course.Subject.MASS_MOBILISATION,
                                            Course.Subject.PROFESSIONAL]

    # --- 2. Each ward's chief, in a browser of their own, records the year ------------------
    for code, ward in wards.items():
        desk = desks()
        log_in(desk, chiefs[code].username, TEST_PASSWORD)
        _ward_records_its_year(desk, ward, FIGURES[code], courses)

    # --- 3. The share of the force trained, in the dossier, the overview and the map --------
    dossier_set = criteria_set_with(1)
    dossier_set.criteria.update(
        value_source=Criterion.ValueSource.FORCE, source_key="training-share",
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90")
    for code, ward in wards.items():
        figures = FIGURES[code]
        dossier = assessment_for(ward, year=YEAR, criteria_set=dossier_set)
        assert dossier.criteria_set_id == dossier_set.pk
        assessment_sources_refresh(actor=None, assessment=dossier)
        value = dossier.values.get()
        assert Decimal(value.value) == figures.share, (code, value.value, value.source_note)
        assert value.met is True
        assert value.source_note == (
            f"{figures.trained} lượt cán bộ được đào tạo, bồi dưỡng năm {YEAR} trên quân số "
            f"{figures.headcount} ({figures.share_vi}%).")
    assert FIGURES["00070"].share == Decimal("93.33")
    assert FIGURES["00004"].share == Decimal("95.83")

    page.goto(f"/force/?year={YEAR}")
    for code, figures in FIGURES.items():
        row = page.locator(f'#force-wards tr[data-ward="{code}"]')
        expect(row.locator("td").first).to_have_text(wards[code].name)
        expect(row.locator("td").nth(1)).to_have_text(str(figures.establishment))
        expect(row.locator("td").nth(2)).to_have_text(str(figures.headcount))
        expect(row.locator("td").nth(4)).to_have_text(str(figures.trained))
        expect(row.locator("td.share")).to_have_text(f"{figures.share_vi}%")
        # Both courses have ended: 20 + 15 places were due, fewer officers were trained.
        expect(row.locator("td").nth(6)).to_have_text("chậm (chỉ tiêu 35)")
    screenshot_if_asked(page, "force-overview")

    page.goto(f"/indicators/map/?indicator=force-trained-share&year={YEAR}")
    expect(page.locator("main .lead")).to_contain_text(
        f"Tỷ lệ cán bộ được đào tạo, bồi dưỡng trong năm năm {YEAR}, theo phường.")
    for code, figures in FIGURES.items():
        ward = wards[code]
        expect(page.locator(f'svg#ward-map a.ward-cell[data-code="{code}"] title')).to_have_text(
            f"{ward.name} ({code}): {figures.share_vi} %")
    page.locator("details summary").click()
    for code, figures in FIGURES.items():
        row = page.locator("details tbody tr").filter(has_text=code)
        expect(row.locator("td")).to_have_text([code, wards[code].name, f"{figures.share_vi} %"])
    screenshot_if_asked(page, "force-map")

    # --- 4. A commendation: proposed by the ward, reviewed and decided by the city ----------
    chief = desks()
    log_in(chief, chiefs[world.ward.code].username, TEST_PASSWORD)
    chief.goto("/force/commendations/new/")
    expect(chief.locator("h1")).to_have_text("Đề nghị khen thưởng")
    form = chief.locator("#commendation-form")
    expect(form.get_by_label(re.compile(r"^Đơn vị\s*\*?$"))).to_have_value(
        f"Công an {world.ward.name}")
    form.get_by_label("Cá nhân được đề nghị").fill(PERSON)
    form.get_by_label("Cấp bậc, chức vụ").fill(RANK)
    form.get_by_label("Hình thức khen thưởng").select_option(label=AWARD)
    form.get_by_label("Thành tích").fill(ACHIEVEMENT)
    form.get_by_label("Thời gian từ ngày").fill("01/01/2025")
    form.get_by_label("Đến ngày").fill("31/12/2025")
    screenshot_if_asked(chief, "force-commendation-propose")
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(chief).to_have_url(re.compile(r"/force/commendations/\d+/$"))
    expect(_messages(chief)).to_contain_text("Đã gửi đề nghị tới Công an Thành phố.")
    nominee = f"{PERSON}, {RANK}, Công an {world.ward.name}"
    expect(chief.locator("h1")).to_have_text(nominee)
    expect(chief.locator("#commendation-state")).to_have_text("Đề xuất")
    # Only the city police reviews.
    expect(chief.locator("#review-form")).to_have_count(0)
    commendation = Commendation.objects.get(person_name=PERSON)
    assert (commendation.proposer_unit, commendation.year, commendation.state) == (
        world.ward, 2025, Commendation.State.PROPOSED)
    commendation_page = f"/force/commendations/{commendation.pk}/"

    page.goto("/force/commendations/?year=2025")
    row = page.locator("#commendations tbody tr").filter(has_text=PERSON)
    expect(row.locator("td")).to_have_text([nominee, AWARD, world.ward.name, "Đề xuất"])
    row.get_by_role("link", name=nominee).click()
    expect(page).to_have_url(re.compile(rf"{commendation_page}$"))
    review = page.locator("#review-form")
    review.get_by_label("Đề nghị Hội đồng Thi đua – Khen thưởng xem xét").check()
    review.get_by_label("Ý kiến").fill("Thành tích tiêu biểu, đủ điều kiện.")
    screenshot_if_asked(page, "force-commendation-review")
    review.get_by_role("button", name="Ghi nhận ý kiến thẩm định").click()
    expect(page).to_have_url(re.compile(rf"{commendation_page}$"))
    expect(page.locator("#commendation-state")).to_have_text("Công an Thành phố đã thẩm định")
    expect(page.locator("#review-form")).to_have_count(0)

    decide = page.locator("#decide-form")
    expect(decide.locator("h2")).to_have_text("Quyết định của Hội đồng Thi đua – Khen thưởng")
    decide.get_by_label("Được khen thưởng", exact=True).check()
    decide.get_by_label("Số quyết định").fill(DECISION)
    decide.get_by_label("Ngày quyết định").fill(DECIDED_ON)
    screenshot_if_asked(page, "force-commendation-decide")
    decide.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page).to_have_url(re.compile(rf"{commendation_page}$"))
    expect(_messages(page)).to_contain_text("Đã ghi nhận quyết định.")
    expect(page.locator("#commendation-state")).to_have_text(
        f"Được khen thưởng Quyết định số {DECISION} ngày {DECIDED_ON}")
    expect(page.locator("#decide-form")).to_have_count(0)
    screenshot_if_asked(page, "force-commendation-decided")
    commendation.refresh_from_db()
    assert commendation.state == Commendation.State.APPROVED
    assert (commendation.decision_number, f"{commendation.decision_date:%d/%m/%Y}") == (
        DECISION, DECIDED_ON)

    # The ward sees the decision on its proposal.
    chief.goto(commendation_page)
    expect(chief.locator("#commendation-state")).to_contain_text("Được khen thưởng")

    # The proposal's year is the year its period ends: the list of 2025 names it.
    page.goto("/force/commendations/?year=2025")
    link = page.get_by_role("link", name="Danh sách khen thưởng (DOCX)")
    expect(link).to_have_attribute("href", "/force/commendations/2025/list.docx")
    with page.expect_download() as downloaded:
        link.click()
    download = downloaded.value
    assert download.suggested_filename == "danh-sach-khen-thuong-2025.docx"
    document = Document(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Danh sách tập thể, cá nhân được khen thưởng năm 2025" in text
    assert len(document.tables) >= 1
    rows = [[cell.text for cell in r.cells] for t in document.tables for r in t.rows]
    listed = [r for r in rows if any(PERSON in cell for cell in r)]
    assert len(listed) == 1, rows
    assert listed[0][:4] == ["1", nominee, AWARD, f"Số {DECISION} ngày {DECIDED_ON}"]
    assert listed[0][4] == ACHIEVEMENT
