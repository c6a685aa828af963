"""Two wards walk the recognition procedure in a real browser, each role with its own login.

Hoàn Kiếm (00070): registers, fills its values and evidence, the chief submits, the city
coordinator reviews and accepts, the Fatherland Front attaches the residents' opinions, the
council votes, the coordinator records the recognition decision.
Ba Đình (00004): returned with a comment on one criterion, corrected, resubmitted, accepted.

Elements are found by ids, names and data attributes, never by visible text, so the test
holds when the Vietnamese catalogue changes.
"""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Assessment, AssessmentValue, CouncilVote, Criterion
from assessments.models import RecognitionRound as Round
from portal.demo import DEMO_PASSWORD, demo_load
from testing.browser import log_in
from testing.factories import criteria_set_with
from units.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)

S = Assessment.State
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def until(page, check: Callable[[], bool], what: str, seconds: float = 15) -> None:
    """Wait for the server to have done something (the DB is the stable witness)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        page.wait_for_timeout(100)


def state_of(ward_code):
    return Assessment.objects.get(ward__code=ward_code).state


@pytest.fixture
def desk(page, live_server):
    """One logged-in tab per person, as in real life: the second factor is asked once."""
    tabs: dict[str, object] = {}

    def open_desk(username):
        if username not in tabs:
            if not tabs:
                tab = page
            else:
                context = page.context.browser.new_context(
                    viewport={"width": 1366, "height": 768}, locale="vi-VN",
                    base_url=live_server.url)
                context.set_default_timeout(15_000)
                tab = context.new_page()
            log_in(tab, username, DEMO_PASSWORD)
            tabs[username] = tab
        return tabs[username]

    yield open_desk
    for tab in tabs.values():
        if tab is not page:
            tab.context.close()


def open_dossier(page, ward_code):
    page.goto(f"/assessments/{Assessment.objects.get(ward__code=ward_code).pk}/")


def step(page, ward_code, target):
    """Click a procedure button in the dossier's panel; it reloads the page when done."""
    open_dossier(page, ward_code)
    with page.expect_navigation():
        page.click(f'#procedure-panel form[data-step="{target}"] button[type=submit]')
    until(page, lambda: state_of(ward_code) == target, f"{ward_code} {target}")


def row(code):
    return f'[id="c-{code}"]'


def wait_for_row(page, value):
    """The row re-rendered with the saved revision: the next edit starts from it."""
    expect(page.locator(f'{row(value.criterion.code)} input[name="revision"]')).to_have_value(
        str(value.revision))


def answer_yes(page, ward_code, code, explanation):
    """Pick “yes” and type the explanation; the page saves each change on its own."""
    value = AssessmentValue.objects.filter(assessment__ward__code=ward_code,
                                           criterion__code=code)
    page.check(f'{row(code)} input[name="value"][value="yes"]')
    until(page, lambda: value.get().value == "yes", f"{ward_code} {code} saved")
    wait_for_row(page, value.get())
    page.fill(f'{row(code)} textarea[name="explanation"]', explanation)
    page.locator(f'{row(code)} textarea[name="explanation"]').blur()
    until(page, lambda: value.get().explanation == explanation, f"{code} explanation saved")
    wait_for_row(page, value.get())


def attach_evidence(page, ward_code, code, name):
    value = AssessmentValue.objects.filter(assessment__ward__code=ward_code,
                                           criterion__code=code)
    before = value.get().evidence.count()
    # The agreed name was "file"; the page prefixes it per criterion ("e<id>-file").
    upload = f'{row(code)} form:has(input[type="file"])'
    page.set_input_files(f'{upload} input[type="file"]', files=[pdf(name)])
    page.click(f"{upload} button[type=submit]")
    until(page, lambda: value.get().evidence.count() == before + 1, f"{code} evidence")


def register_and_fill(desk, ward_code, slug):
    page = desk(f"cap.{slug}.truong")
    page.goto("/assessments/")
    page.click(f'form[action$="/register/{ward_code}/"] button[type=submit]')
    until(page, lambda: Assessment.objects.filter(ward__code=ward_code).exists(),
          f"{ward_code} registered")
    page = desk(f"cap.{slug}.canbo")
    open_dossier(page, ward_code)
    answer_yes(page, ward_code, "1.1", "Trụ sở độc lập, đủ diện tích.")
    answer_yes(page, ward_code, "1.2", "Có biên bản kiểm tra trang thiết bị.")
    attach_evidence(page, ward_code, "1.2", "bien-ban-kiem-tra.pdf")


@pytest.fixture
def round_2026(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_load(province_code="01", with_assessments=False)
    criteria_set = criteria_set_with(3)
    criteria_set.criteria.filter(code="1.2").update(evidence_required=True)
    criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    today = timezone.localdate()
    return Round.objects.create(
        province=OrgUnit.objects.get(code="01", kind=OrgUnit.Kind.PROVINCE), year=today.year,
        criteria_set=criteria_set, registration_deadline=today + timedelta(days=30),
        submission_deadline=today + timedelta(days=60),
        opened_by=User.objects.get(username="dieuphoi"),
    )


def test_it_takes_a_ward_from_registration_to_recognition(desk, round_2026):
    register_and_fill(desk, "00070", "hoankiem")

    page = desk("cap.hoankiem.truong")
    step(page, "00070", S.SUBMITTED)

    page = desk("dieuphoi")
    step(page, "00070", S.UNDER_REVIEW)
    step(page, "00070", S.ACCEPTED)

    page = desk("mttq.hoankiem")
    open_dossier(page, "00070")
    page.click('#procedure-panel a[data-step="opinions_attached"]')
    page.set_input_files('#opinions-form input[name="file"]', files=[pdf("tong-hop-y-kien.pdf")])
    page.fill('#opinions-form input[name="satisfaction_rate"]', "95")
    page.fill('#opinions-form input[name="asked"]', "400")
    page.fill('#opinions-form input[name="satisfied"]', "380")
    page.click("#opinions-form button[type=submit]")
    until(page, lambda: state_of("00070") == S.OPINIONS_ATTACHED, "opinions attached")
    consulted = AssessmentValue.objects.get(assessment__ward__code="00070",
                                            criterion__code="1.3")
    assert (consulted.value, consulted.met) == ("95", True)

    page = desk("dieuphoi")
    step(page, "00070", S.APPRAISAL)

    page = desk("hoidong")
    open_dossier(page, "00070")
    page.check('#vote-form input[name="vote"][value="approve"]')
    page.fill('#vote-form textarea[name="opinion"]', "Đạt đủ tiêu chí, trụ sở độc lập.")
    page.click("#vote-form button[type=submit]")
    until(page, lambda: CouncilVote.objects.filter(vote="approve").exists(), "vote")
    page.wait_for_selector('#council-votes tr[data-member="hoidong"]')

    page = desk("dieuphoi")
    open_dossier(page, "00070")
    page.click('#procedure-panel a[data-step="recognised"]')
    assert page.is_checked('#decide-form input[name="outcome"][value="recognised"]')
    page.fill('#decide-form textarea[name="council_outcome"]', "Hội đồng thống nhất đề nghị.")
    page.set_input_files('#decide-form input[name="minutes_file"]', files=[pdf("bien-ban.pdf")])
    page.fill('#decide-form input[name="decision_number"]', "1234/QĐ-UBND")
    page.fill('#decide-form input[name="decision_date"]',
              formats.date_format(timezone.localdate(), "d/m/Y"))
    page.fill('#decide-form input[name="decision_signer"]', "Chủ tịch UBND Thành phố")
    page.set_input_files('#decide-form input[name="decision_file"]', files=[pdf("qd.pdf")])
    page.click("#decide-form button[type=submit]")
    until(page, lambda: state_of("00070") == S.RECOGNISED, "recognised")

    dossier = Assessment.objects.get(ward__code="00070")
    assert dossier.decision_number == "1234/QĐ-UBND"
    assert dossier.decision_date == timezone.localdate()
    assert dossier.satisfaction_rate == 95
    assert list(dossier.transitions.values_list("to_state", flat=True)) == [
        S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.OPINIONS_ATTACHED, S.APPRAISAL, S.RECOGNISED]
    page.wait_for_selector('#procedure-panel[data-state="recognised"]')
    assert page.locator('#procedure-timeline tr[data-to="recognised"]').count() == 1


def test_it_returns_a_dossier_with_a_comment_and_accepts_the_correction(desk, round_2026):
    register_and_fill(desk, "00004", "badinh")
    page = desk("cap.badinh.truong")
    step(page, "00004", S.SUBMITTED)

    page = desk("dieuphoi")
    step(page, "00004", S.UNDER_REVIEW)
    page.click('#procedure-panel a[data-step="returned"]')
    commented = AssessmentValue.objects.get(assessment__ward__code="00004",
                                            criterion__code="1.2")
    page.fill(f'#return-form textarea[name="comment_{commented.criterion_id}"]',
              "Biên bản chưa có chữ ký.")
    page.fill('#return-form textarea[name="reason"]', "Bổ sung biên bản có chữ ký.")
    page.click("#return-form button[type=submit]")
    until(page, lambda: state_of("00004") == S.RETURNED, "returned")
    commented.refresh_from_db()
    assert commented.review_comment == "Biên bản chưa có chữ ký."

    page = desk("cap.badinh.canbo")
    open_dossier(page, "00004")
    assert page.locator(f"{row('1.2')} .review-comment").is_visible()
    attach_evidence(page, "00004", "1.2", "bien-ban-co-chu-ky.pdf")

    page = desk("cap.badinh.truong")
    step(page, "00004", S.SUBMITTED)
    commented.refresh_from_db()
    assert commented.review_comment == ""

    page = desk("dieuphoi")
    step(page, "00004", S.UNDER_REVIEW)
    step(page, "00004", S.ACCEPTED)
    dossier = Assessment.objects.get(ward__code="00004")
    returned = dossier.transitions.get(to_state=S.RETURNED)
    assert "1.2: Biên bản chưa có chữ ký." in returned.reason
