"""A resident answers on a 360 px phone, with and without JavaScript."""

from __future__ import annotations

import pytest
from django.utils import timezone

from consultations.models import GroupLink, HouseholdCode, Response

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url,
                                  java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _link(world, **fields) -> GroupLink:
    from testing.factories import campaign_for

    # The campaign spans 01/01–31/12 of this year, so it is open whenever the test runs.
    campaign = campaign_for(world.ward, year=timezone.localdate().year, **fields)
    return GroupLink.objects.get(campaign=campaign, group=world.group)


def _answer(page, link: GroupLink) -> None:
    page.goto(f"/y/{link.token}/")
    # Tap the label, not the radio: the whole row is the touch target.
    page.locator("label[for=id_q-overall_0]").click()
    page.locator("label[for=id_q-security_1]").click()
    page.locator("textarea[name=q-comment]").fill("Đề nghị tăng tuần tra buổi tối")


def test_it_lets_a_resident_answer_on_a_phone(phone_page, world):
    link = _link(world)
    _answer(phone_page, link)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.locator("button[type=submit]").click()
    phone_page.wait_for_url(f"**/y/{link.token}/thanks/")
    response = Response.objects.get()
    assert response.channel == Response.Channel.WEB
    ratings = dict(response.answers.filter(rating__isnull=False)
                   .values_list("question__code", "rating"))
    assert ratings == {"overall": 5, "security": 4}


def test_it_lets_a_resident_answer_without_javascript(no_js_page, world):
    link = _link(world)
    _answer(no_js_page, link)
    no_js_page.locator("button[type=submit]").click()
    no_js_page.wait_for_url(f"**/y/{link.token}/thanks/")
    assert Response.objects.get().answers.get(question__code="comment").text == (
        "Đề nghị tăng tuần tra buổi tối")


def test_it_disables_the_button_once_the_answer_is_sent(phone_page, world):
    link = _link(world)
    _answer(phone_page, link)
    phone_page.evaluate(
        "document.querySelector('form[data-once]').addEventListener('submit',"
        " e => { e.preventDefault(); window.sent = true; })")
    button = phone_page.locator("button[type=submit]")
    button.click()
    assert phone_page.evaluate("window.sent") is True
    assert button.is_disabled()


def test_it_refuses_a_used_household_code(phone_page, world):
    link = _link(world, require_codes=True)
    code = HouseholdCode.objects.create(campaign=link.campaign, group=world.group,
                                        used_at=timezone.now())
    phone_page.goto(f"/y/{link.token}/")
    phone_page.locator("input[name=household_code]").fill(code.code)
    phone_page.locator("label[for=id_q-overall_1]").click()
    phone_page.locator("button[type=submit]").click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_role("alert").is_visible()
    assert phone_page.locator("input[name=q-overall]").count() == 0
    assert Response.objects.count() == 0
