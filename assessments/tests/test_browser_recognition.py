"""Two wards walk the recognition chain in a real browser, each role with its own login.

Hoàn Kiếm (00070), the whole chain: the ward's own figures (headquarters, indicators) fill
their criteria; the officer answers the rest; submission is refused until the Fatherland
Front's consultation has filled the satisfaction and the ward People's Committee has given
its and the Party committee's opinions; the coordinator reviews and accepts; the council
votes; the council's outcome proposes the unit; the proposal (tờ trình) lists it and is
recorded as sent; the Minister's decision is recorded and the unit is on the public list.
Ba Đình (00004): returned with a comment on one criterion, corrected, resubmitted, accepted.

Elements are found by ids, names and data attributes, never by visible text, so the test
holds when the Vietnamese catalogue changes.
"""

import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import formats, timezone
from docx import Document
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Assessment, AssessmentValue, CouncilVote, Criterion, Endorsement
from assessments.models import RecognitionRound as Round
from assessments.procedure_services import Opinions, assessment_opinions_attach
from consultations.models import PaperTally, Question
from facilities.headquarters_services import headquarters_record
from indicators.models import IndicatorDefinition
from indicators.services import indicator_value_set
from portal.demo import DEMO_PASSWORD, demo_load
from testing.browser import log_in
from testing.factories import campaign_for, criteria_set_with, endorsed
from units.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)

S = Assessment.State
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def until(page, check: Callable[[], bool], what: str, seconds: float = 15) -> None:
    """Wait for the server to have done something (the DB is the stable witness)."""
    deadline = time.monotonic() + seconds
    while not _checked(check):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        page.wait_for_timeout(100)


def _checked(check: Callable[[], bool]) -> bool:
    """The check, or False while the server holds the table: the test database is SQLite in
    shared memory, where a reader meets a writer's table lock instead of waiting for it."""
    try:
        return check()
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        return False


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
    owners_figures(ward_code, f"cap.{slug}.canbo")
    page = desk(f"cap.{slug}.canbo")
    open_dossier(page, ward_code)
    # The figures its owners entered are read into the computed criteria.
    with page.expect_navigation():
        page.click("#refresh-sources")
    expect(page.locator(f'{row("1.1")} [data-computed="1.1"]')).to_be_visible()
    answer_yes(page, ward_code, "1.2", "Có biên bản kiểm tra trang thiết bị.")
    attach_evidence(page, ward_code, "1.2", "bien-ban-kiem-tra.pdf")


def owners_figures(ward_code, officer):
    """What the ward police records in its own pages: headquarters and a monthly figure."""
    actor = User.objects.get(username=officer)
    ward = OrgUnit.objects.get(code=ward_code)
    headquarters_record(actor=actor, ward=ward, valid_from=date(timezone.localdate().year, 1, 2),
                        status="own")
    patrols, _ = IndicatorDefinition.objects.get_or_create(
        code="patrol-groups", defaults={"name": "Số tổ tuần tra", "unit": "tổ",
                                        "aggregation": "average"})
    indicator_value_set(actor=actor, ward=ward, indicator=patrols,
                        month=date(timezone.localdate().year, 1, 1), raw="4")


def front_and_ward_opinions(desk, ward_code, slug):
    """The Front's consultation fills the satisfaction; the ward gives its opinions."""
    ward = OrgUnit.objects.get(code=ward_code)
    campaign = campaign_for(ward, year=timezone.localdate().year)
    group = ward.children.filter(kind=OrgUnit.Kind.RESIDENTIAL_GROUP).first()
    question = Question.objects.get(campaign=campaign, code="overall")
    for rating, count in ((5, 60), (4, 36), (2, 4)):
        PaperTally.objects.create(campaign=campaign, group=group, question=question,
                                  rating=rating, count=count)
    page = desk(f"mttq.{slug}")
    page.goto(f"/consultations/{campaign.pk}/results/")
    # Only one of the ward's groups has answered: the Front confirms it attaches anyway.
    page.check('input[name="attach_anyway"]')
    with page.expect_navigation():
        page.click('form[action$="/attach/"] button[type=submit]')
    until(page, lambda: Assessment.objects.get(ward__code=ward_code).satisfaction_rate == 96,
          "satisfaction attached")

    page = desk(f"ubnd.{slug}")
    for body, number in (("committee", "45/UBND-CAP"), ("party", "12-CV/ĐU")):
        open_dossier(page, ward_code)
        page.click(f'#endorse-links a[href$="body={body}"]')
        page.check('#endorse-form input[name="opinion"][value="agree"]')
        page.fill('#endorse-form input[name="document_number"]', number)
        page.fill('#endorse-form input[name="document_date"]',
                  formats.date_format(timezone.localdate(), "d/m/Y"))
        page.set_input_files('#endorse-form input[name="document"]', files=[pdf(f"{body}.pdf")])
        with page.expect_navigation():
            page.click("#endorse-form button[type=submit]")
        until(page, lambda body=body: Endorsement.objects.filter(
            assessment__ward__code=ward_code, body=body).exists(), f"{body} opinion")


@pytest.fixture
def round_2026(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_load(province_code="01", with_assessments=False)
    criteria_set = criteria_set_with(4)
    criteria_set.criteria.filter(code="1.1").update(
        value_source=Criterion.ValueSource.FACILITIES, source_key="headquarters-own")
    criteria_set.criteria.filter(code="1.2").update(evidence_required=True)
    criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    criteria_set.criteria.filter(code="1.4").update(
        value_type=Criterion.ValueType.NUMBER, comparison=Criterion.Comparison.GTE, target="1",
        value_source=Criterion.ValueSource.INDICATORS, source_key="patrol-groups")
    today = timezone.localdate()
    return Round.objects.create(
        province=OrgUnit.objects.get(code="01", kind=OrgUnit.Kind.PROVINCE), year=today.year,
        criteria_set=criteria_set, registration_deadline=today + timedelta(days=30),
        submission_deadline=today + timedelta(days=60),
        opened_by=User.objects.get(username="dieuphoi"),
    )


def test_it_takes_a_ward_from_its_own_figures_to_the_ministrys_decision(desk, round_2026):
    register_and_fill(desk, "00070", "hoankiem")
    computed = {v.criterion.code: v.value for v in AssessmentValue.objects.filter(
        assessment__ward__code="00070").select_related("criterion")}
    assert (computed["1.1"], computed["1.4"]) == ("yes", "4")

    # Nothing decides recognition that the ward police typed: without the Front's summary
    # and the ward's opinions the dossier cannot go.
    page = desk("cap.hoankiem.truong")
    open_dossier(page, "00070")
    page.click('#procedure-panel form[data-step="submitted"] button[type=submit]')
    expect(page.locator("#procedure-panel .errorlist")).to_be_visible()
    assert state_of("00070") == S.DRAFT

    front_and_ward_opinions(desk, "00070", "hoankiem")
    consulted = AssessmentValue.objects.get(assessment__ward__code="00070",
                                            criterion__code="1.3")
    assert (consulted.value, consulted.met) == ("96", True)

    page = desk("cap.hoankiem.truong")
    step(page, "00070", S.SUBMITTED)

    page = desk("dieuphoi")
    step(page, "00070", S.UNDER_REVIEW)
    step(page, "00070", S.ACCEPTED)
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
    page.click('#procedure-panel a[data-step="proposed"]')
    assert page.is_checked('#decide-form input[name="outcome"][value="proposed"]')
    page.fill('#decide-form textarea[name="council_outcome"]', "Hội đồng thống nhất đề nghị.")
    page.set_input_files('#decide-form input[name="minutes_file"]', files=[pdf("bien-ban.pdf")])
    page.click("#decide-form button[type=submit]")
    until(page, lambda: state_of("00070") == S.PROPOSED, "proposed")

    page.goto(f"/assessments/rounds/{round_2026.year}/")
    with page.expect_download() as download:
        page.click("#proposal-docx")
    proposal = Document(download.value.path())
    listed = [row.cells[1].text for table in proposal.tables[1:] for row in table.rows]
    assert "Công an phường Hoàn Kiếm" in listed
    page.fill('#proposal-send input[name="number"]', "45/TTr-CAHN")
    page.fill('#proposal-send input[name="sent_on"]',
              formats.date_format(timezone.localdate(), "d/m/Y"))
    page.set_input_files('#proposal-send input[name="document"]', files=[pdf("to-trinh.pdf")])
    with page.expect_navigation():
        page.click("#proposal-send button[type=submit]")
    until(page, lambda: Assessment.objects.get(ward__code="00070").proposal is not None,
          "proposal sent")

    open_dossier(page, "00070")
    page.click('#procedure-panel a[data-step="recognised"]')
    assert page.is_checked('#decide-form input[name="outcome"][value="recognised"]')
    page.fill('#decide-form input[name="decision_number"]', "1234/QĐ-BCA")
    page.fill('#decide-form input[name="decision_date"]',
              formats.date_format(timezone.localdate(), "d/m/Y"))
    assert page.input_value('#decide-form input[name="decision_signer"]')  # the step's signer
    page.set_input_files('#decide-form input[name="decision_file"]', files=[pdf("qd.pdf")])
    page.click("#decide-form button[type=submit]")
    until(page, lambda: state_of("00070") == S.RECOGNISED, "recognised")

    dossier = Assessment.objects.get(ward__code="00070")
    assert dossier.decision_number == "1234/QĐ-BCA"
    assert dossier.satisfaction_rate == 96
    assert list(dossier.transitions.values_list("to_state", flat=True)) == [
        S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.APPRAISAL, S.PROPOSED, S.RECOGNISED]
    page.wait_for_selector('#procedure-panel[data-state="recognised"]')
    assert page.locator('#procedure-timeline tr[data-to="recognised"]').count() == 1

    public = page.context.browser.new_context(base_url=page.url.split("/assessments/")[0])
    anonymous = public.new_page()
    anonymous.goto(reverse("public:recognised"))
    assert "Hoàn Kiếm" in anonymous.content()
    public.close()


def test_it_returns_a_dossier_with_a_comment_and_accepts_the_correction(desk, round_2026):
    register_and_fill(desk, "00004", "badinh")
    endorsed(Assessment.objects.get(ward__code="00004"))
    front = User.objects.get(username="mttq.badinh")
    assessment_opinions_attach(actor=front, assessment=Assessment.objects.get(ward__code="00004"),
                               uploaded_file=SimpleUploadedFile("tong-hop.pdf", PDF,
                                                                "application/pdf"),
                               opinions=Opinions(Decimal(94)))
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
