"""The residents' answer page (/y/<token>/): no login, each answer counted exactly once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations.forms_public import new_nonce
from consultations.models import (
    Answer,
    Campaign,
    ContactRequest,
    GroupLink,
    HouseholdCode,
    Response,
)
from consultations.views_public import answered_mark
from testing.factories import campaign_for


def _link(world, **fields) -> GroupLink:
    campaign = campaign_for(world.ward, year=timezone.localdate().year, **fields)
    return GroupLink.objects.get(campaign=campaign, group=world.group)


def _url(link: GroupLink) -> str:
    return reverse("answer:group", kwargs={"token": link.token})


# Submission ids as the server issues them (signed); a resend reuses the first one.
FIRST, SECOND = new_nonce(), new_nonce()


def _post(nonce: str = FIRST, **extra: str) -> dict[str, str]:
    return {"nonce": nonce, "q-overall": "5", "q-conduct": "4", "q-comment": "Cảm ơn các anh",
            **extra}


def _answered_cookie(client, campaign: Campaign) -> None:
    # The cookie exactly as the view sets it, so the test needs no first answer.
    client.cookies[f"km-answered-{campaign.pk}"] = answered_mark(campaign.pk)


def test_it_opens_without_login(client, world, english):
    link = _link(world)
    page = client.get(_url(link))
    assert page.status_code == 200
    text = page.content.decode()
    assert link.campaign.title in text
    assert world.group.name in text
    assert "Phường Hoàn Kiếm" in text
    assert "Very satisfied" in text


def test_it_renders_a_fresh_nonce_into_each_form(client, world):
    link = _link(world)
    first = client.get(_url(link)).context["form"]["nonce"].value()
    second = client.get(_url(link)).context["form"]["nonce"].value()
    assert len(first) >= 32
    assert first != second


def test_it_stores_one_web_response_with_its_answers(client, world):
    link = _link(world)
    page = client.post(_url(link), _post())
    assert page.status_code == 302
    assert page["Location"] == reverse("answer:thanks", kwargs={"token": link.token})
    response = Response.objects.get()
    assert response.channel == Response.Channel.WEB
    assert response.group == world.group
    answers = {a.question.code: (a.rating, a.text) for a in response.answers.all()}
    assert answers == {"overall": (5, ""), "conduct": (4, ""), "comment": (None, "Cảm ơn các anh")}


def test_it_counts_a_replayed_submission_once(client, world):
    link = _link(world)
    client.post(_url(link), _post())
    client.cookies.clear()
    again = client.post(_url(link), _post())
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_it_sets_a_signed_httponly_cookie_for_a_year(client, world):
    link = _link(world)
    client.post(_url(link), _post())
    cookie = client.cookies[f"km-answered-{link.campaign.pk}"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie.value != "1"  # signed, not a bare flag


def test_it_refuses_a_second_answer_from_the_same_browser(client, world, english):
    link = _link(world)
    client.post(_url(link), _post())
    page = client.post(_url(link), _post(nonce=SECOND))
    assert "This phone has already answered" in page.content.decode()
    assert Response.objects.count() == 1


def test_it_ignores_a_forged_answered_cookie(client, world):
    link = _link(world)
    client.cookies[f"km-answered-{link.campaign.pk}"] = "1"
    client.post(_url(link), _post())
    assert Response.objects.count() == 1


def test_it_counts_a_household_code_on_the_code_channel(client, world):
    link = _link(world)
    code = HouseholdCode.objects.create(campaign=link.campaign, group=world.group)
    client.post(_url(link), _post(household_code=code.code.lower()))
    response = Response.objects.get()
    assert response.channel == Response.Channel.CODE
    assert response.household_code == code


def test_it_lets_another_household_answer_from_the_same_phone_with_its_code(client, world):
    link = _link(world)
    code = HouseholdCode.objects.create(campaign=link.campaign, group=world.group)
    _answered_cookie(client, link.campaign)
    page = client.post(_url(link), _post(household_code=code.code))
    assert page.status_code == 302
    assert Response.objects.get().household_code == code


def test_it_refuses_a_used_household_code(client, world, english):
    link = _link(world)
    code = HouseholdCode.objects.create(campaign=link.campaign, group=world.group)
    client.post(_url(link), _post(household_code=code.code))
    client.cookies.clear()
    page = client.post(_url(link), _post(nonce=SECOND,
                                         household_code=code.code))
    assert "This household code has already been used" in page.content.decode()
    assert Response.objects.count() == 1


def test_it_keeps_the_answers_when_the_code_is_wrong(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(household_code="ZZZZ2222"))
    form = page.context["form"]
    assert form.errors["household_code"] == ["This household code is not valid."]
    assert form["q-overall"].value() == "5"
    assert form["q-comment"].value() == "Cảm ơn các anh"
    assert Response.objects.count() == 0


def test_it_asks_for_the_code_first_when_codes_are_required(client, world, english):
    link = _link(world, require_codes=True)
    text = client.get(_url(link)).content.decode()
    assert text.index('name="household_code"') < text.index('name="q-overall"')
    page = client.post(_url(link), _post())
    assert page.context["form"].errors["household_code"] == [
        "Enter the household code printed on your slip."]
    assert Response.objects.count() == 0


def test_it_keeps_the_answers_when_the_first_question_is_skipped(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(**{"q-overall": ""}))
    form = page.context["form"]
    assert form.errors["q-overall"] == ["Please answer this question."]
    assert form["q-conduct"].value() == "4"
    assert "Please check your answers" in page.content.decode()
    assert Response.objects.count() == 0


def test_it_refuses_an_answer_outside_the_scale(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(**{"q-conduct": "9"}))
    assert page.context["form"].errors["q-conduct"] == ["That answer is not one of the choices."]
    assert Response.objects.count() == 0


def test_it_keeps_a_comment_over_the_limit_for_shortening(client, world, english):
    from consultations.services import MAX_COMMENT

    link = _link(world)
    long = "Ý kiến dài. " * (MAX_COMMENT // 10)
    page = client.post(_url(link), _post(**{"q-comment": long}))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors["q-comment"] == [
        f"Please shorten your comment to at most {MAX_COMMENT} characters "
        f"(it has {len(long.strip())})."]
    assert long.strip() in page.content.decode()
    assert Response.objects.count() == 0


def test_it_keeps_a_comment_holding_a_nul_for_correction(client, world, english):
    # PostgreSQL cannot store a NUL: before, the insert failed with a server error.
    link = _link(world)
    response = client.post(_url(link), _post(**{"q-comment": "Tốt\x00 lắm"}))
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert "lắm" in response.content.decode()
    assert not Response.objects.exists()


def test_it_sends_a_form_without_its_nonce_back_to_a_fresh_one(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(nonce=""))
    assert page.status_code == 400
    assert "This form is out of date" in page.content.decode()
    assert Response.objects.count() == 0


def test_it_says_when_the_campaign_has_closed(client, world, english):
    link = _link(world)
    Campaign.objects.filter(pk=link.campaign.pk).update(closed_early_at=timezone.now())
    text = client.get(_url(link)).content.decode()
    assert "This consultation has closed" in text
    assert 'name="q-overall"' not in text


def test_it_refuses_an_answer_after_closing(client, world, english):
    link = _link(world)
    Campaign.objects.filter(pk=link.campaign.pk).update(closed_early_at=timezone.now())
    text = client.post(_url(link), _post()).content.decode()
    assert "This consultation has closed" in text
    assert Response.objects.count() == 0


def test_it_gives_the_opening_date_before_the_campaign_opens(client, world, english):
    year = timezone.localdate().year + 1
    campaign = campaign_for(world.ward, year=year)
    link = GroupLink.objects.get(campaign=campaign)
    text = client.get(_url(link)).content.decode()
    assert "This consultation has not opened yet" in text
    assert f"01/01/{year}" in text


@pytest.mark.parametrize("token", ["unknowntoken", "abc%3Cscript%3E", "X" * 40])
def test_it_shows_a_friendly_404_for_an_unknown_or_tampered_token(client, world, english,
                                                                   token):
    _link(world)
    page = client.get(f"/y/{token}/")
    assert page.status_code == 404
    assert "This link does not lead to a questionnaire" in page.content.decode()


def test_it_stores_nothing_when_the_honeypot_is_filled(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(website="http://spam.example"), follow=True)
    assert "your answer has been counted" in page.content.decode()
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_it_refuses_a_phone_without_consent_and_keeps_the_answers(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(phone="0912 345 678"))
    form = page.context["form"]
    assert form.errors["consent"] == [
        "Tick the box to agree to be called, or leave the phone number empty."]
    assert form["phone"].value() == "0912 345 678"
    assert form["q-comment"].value() == "Cảm ơn các anh"
    assert Response.objects.count() == 0
    assert ContactRequest.objects.count() == 0


def test_it_refuses_a_phone_number_that_is_not_one(client, world, english):
    link = _link(world)
    page = client.post(_url(link), _post(phone="12345", consent="on"))
    assert page.context["form"].errors["phone"] == [
        "Enter a Vietnamese phone number, such as 0912 345 678."]


def test_it_stores_a_consented_phone_apart_from_the_answers(client, world, english):
    link = _link(world)
    client.post(_url(link), _post(phone="+84 912 345 678", consent="on"))
    contact = ContactRequest.objects.get()
    assert contact.phone == "0912345678"
    assert contact.campaign == link.campaign
    assert "kept apart from my answers" in contact.consent_text
    assert "Phường Hoàn Kiếm" in contact.consent_text
    assert not any(f.related_model is Response for f in ContactRequest._meta.get_fields())


def test_it_stores_the_phone_once_when_the_form_is_replayed(client, world):
    link = _link(world)
    client.post(_url(link), _post(phone="0912345678", consent="on"))
    client.post(_url(link), _post(phone="0912345678", consent="on"))
    assert ContactRequest.objects.count() == 1


def test_it_slows_a_flood_from_one_address(client, world, settings, english):
    settings.CONSULTATION_RATE_LIMIT = (1, 10)
    link = _link(world)
    client.post(_url(link), _post())
    client.cookies.clear()
    page = client.post(_url(link), _post(nonce=SECOND))
    assert page.status_code == 429
    assert "Too many answers from this connection" in page.content.decode()


def test_it_thanks_without_login(client, world, english):
    link = _link(world)
    page = client.get(reverse("answer:thanks", kwargs={"token": link.token}))
    assert page.status_code == 200
    assert "your answer has been counted" in page.content.decode()


def test_it_stores_an_answer_in_few_queries(client, world, django_assert_num_queries):
    link = _link(world)
    # 1 the link with its campaign, ward, group and questions; then on SQLite 2 the
    # response, 3 its answers (one statement for all), 4 the group's response tally, 5 its
    # answer tallies (one statement for all), and on PostgreSQL all four in one statement;
    # and the two that open and close the transaction around them (a savepoint inside the
    # test's own transaction). The per-address
    # limit counts in the cache; a replay is caught by the nonce's unique constraint, so
    # a first answer needs no lookup.
    writes = 1 if connection.vendor == "postgresql" else 4
    with django_assert_num_queries(1 + writes + 2):
        page = client.post(_url(link), _post())
    assert page.status_code == 302
    assert Answer.objects.filter(response__campaign=link.campaign).count() == 3


@pytest.mark.parametrize("invented", [
    "nonce-0000000000000000000001",  # any text the page did not issue
    "abcdefghijklmnopqrstuvwx.AAAAAAAAAAAAAAAAAAAAAA",  # the right shape, a made-up seal
])
def test_it_counts_nothing_for_a_submission_id_it_never_issued(client, world, invented):
    campaign = campaign_for(world.ward)
    link = campaign.links.get()
    page = client.post(_url(link), _post(nonce=invented))
    # Refused as quietly as a replay: the sender learns nothing from the answer.
    assert page.status_code == 302 and page["Location"].endswith("/thanks/")
    assert not Response.objects.filter(campaign=campaign).exists()
