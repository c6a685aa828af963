"""The self-assessment in a real browser: saved as the officer works, and without JavaScript."""

import pytest

from accounts.models import Role
from assessments.models import AssessmentValue
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, assessment_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward)


def _stored(dossier, code="1.1") -> AssessmentValue:
    return AssessmentValue.objects.get(assessment=dossier, criterion__code=code)


def test_it_saves_a_choice_at_once_and_updates_the_totals(page, world, dossier):
    officer = world.user(Role.WARD_OFFICER)
    log_in(page, officer.username, TEST_PASSWORD)
    page.goto(f"/assessments/{dossier.pk}/")
    page.locator("#c-1\\.1 input[value=yes]").check()
    page.locator("#c-1\\.1 .badge-ok").wait_for()
    assert page.locator("#totals .stat").inner_text() == "10"
    assert _stored(dossier).value == "yes"


def test_it_saves_typed_explanations_after_a_pause_and_keeps_the_focus(page, world, dossier):
    officer = world.user(Role.WARD_OFFICER)
    log_in(page, officer.username, TEST_PASSWORD)
    page.goto(f"/assessments/{dossier.pk}/")
    field = page.locator("#c-1\\.2 textarea[name=explanation]")
    field.press_sequentially("Có biên bản", delay=30)
    page.locator("#c-1\\.2 [role=status]").wait_for()
    assert _stored(dossier, "1.2").explanation == "Có biên bản"
    assert page.evaluate("document.activeElement.name") == "explanation"


def test_it_saves_with_the_row_button_without_javascript(browser, live_server, world, dossier):
    officer = world.user(Role.WARD_OFFICER)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url,
                                  locale="vi-VN")
    page = context.new_page()
    log_in(page, officer.username, TEST_PASSWORD)
    page.goto(f"/assessments/{dossier.pk}/")
    page.locator("#c-1\\.1 input[value=yes]").check()
    page.locator("#c-1\\.1 textarea[name=explanation]").fill("Không có điểm nóng")
    page.locator("#c-1\\.1 button", has_text="1.1").click()
    page.wait_for_load_state()
    assert page.url.endswith("#c-1.1")
    assert _stored(dossier).explanation == "Không có điểm nóng"
    context.close()
