"""read_submission (every POST of the answer page) and AnswerForm (the page shown) agree.

The page reads each posted answer with the plain function and builds the form only to say
what needs a change; if the two ever disagreed, a resident would be refused with nothing
marked, or an answer would pass that the form calls wrong.
"""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from consultations.forms_public import AnswerForm, new_nonce, read_submission
from consultations.selectors import group_link_get_public
from testing.factories import campaign_for

ANSWERS = {"nonce": new_nonce(), "q-overall": "5", "q-conduct": "4"}

CASES = [
    pytest.param({}, True, id="answers only"),
    pytest.param({"phone": "0912 345 678", "consent": "on"}, True, id="phone with consent"),
    pytest.param({"phone": "+84 912.345.678", "consent": "on"}, True, id="phone +84"),
    pytest.param({"phone": "(024) 3825 1234", "consent": "on"}, True, id="landline"),
    pytest.param({"phone": "0912345678"}, False, id="phone without consent"),
    pytest.param({"phone": "0912345678", "consent": "false"}, False, id="consent false"),
    pytest.param({"phone": "12345", "consent": "on"}, False, id="not a phone number"),
    pytest.param({"phone": "0" * 21, "consent": "on"}, False, id="phone too long"),
    pytest.param({"phone": "   ", "consent": "on"}, True, id="blank phone, consent"),
    pytest.param({"consent": "on"}, True, id="consent alone"),
    pytest.param({"household_code": "ab cd 23 45"}, True, id="code with spaces"),
    pytest.param({"household_code": "A" * 13}, False, id="code too long"),
    pytest.param({"nonce": ""}, False, id="no nonce"),
    pytest.param({"nonce": "n" * 65}, False, id="nonce too long"),
    pytest.param({"nonce": "n\x00" * 16}, False, id="NUL in the nonce"),
    pytest.param({"household_code": "AB\x00CD"}, False, id="NUL in the code"),
]


def _data(extra: dict[str, str]) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update({**ANSWERS, **extra})
    return data


@pytest.fixture
def campaign(world):
    created = campaign_for(world.ward, year=timezone.localdate().year)
    # As the page gets it: through the public lookup, questions and ward filled in.
    return group_link_get_public(created.links.get(group=world.group).token).campaign


@pytest.mark.parametrize(("extra", "accepted"), CASES)
def test_it_accepts_exactly_what_the_form_accepts(campaign, extra, accepted):
    data = _data(extra)
    submission = read_submission(data, campaign)
    assert (submission.complete and bool(submission.nonce)) is accepted
    assert AnswerForm(data, campaign=campaign).is_valid() is accepted


@pytest.mark.parametrize("extra", [case.values[0] for case in CASES if case.values[1]])
def test_it_reads_the_same_values_as_the_form(campaign, extra):
    data = _data(extra)
    submission = read_submission(data, campaign)
    form = AnswerForm(data, campaign=campaign)
    assert form.is_valid()
    assert submission.phone == form.cleaned_data["phone"]
    assert submission.household_code == form.cleaned_data["household_code"]
    assert submission.consent is form.cleaned_data["consent"]
    assert submission.nonce == form.cleaned_data["nonce"]


def test_it_requires_a_code_where_the_campaign_does(world):
    created = campaign_for(world.ward, year=timezone.localdate().year, require_codes=True)
    campaign = group_link_get_public(created.links.get(group=world.group).token).campaign
    assert read_submission(_data({}), campaign).complete is False
    assert AnswerForm(_data({}), campaign=campaign).is_valid() is False
    assert read_submission(_data({"household_code": "ABCD2345"}), campaign).complete


def test_it_passes_the_answers_on_by_question(campaign):
    data = _data({"q-comment": "  Cảm ơn  ", "q-unknown": "5"})
    assert read_submission(data, campaign).answers == {
        "q-overall": "5", "q-conduct": "4", "q-response": "", "q-security": "",
        "q-urban_order": "", "q-comment": "  Cảm ơn  ",
    }


def test_it_spots_the_bot_trap(campaign):
    assert read_submission(_data({"website": "http://spam"}), campaign).is_bot
    assert not read_submission(_data({"website": "  "}), campaign).is_bot


def test_the_public_lookup_reads_the_campaign_as_the_orm_does(world):
    from datetime import timedelta

    from consultations.models import Campaign, GroupLink

    created = campaign_for(world.ward, year=timezone.localdate().year, require_codes=True)
    Campaign.objects.filter(pk=created.pk).update(
        closed_early_at=timezone.now() - timedelta(hours=3))
    stored = GroupLink.objects.select_related("campaign", "campaign__ward", "group").get(
        campaign=created, group=world.group)
    link = group_link_get_public(stored.token.upper())
    assert link is not None
    assert (link.pk, link.token, link.group_id) == (stored.pk, stored.token, stored.group_id)
    assert link.group.name == stored.group.name
    got, want = link.campaign, stored.campaign
    for name in ("pk", "ward_id", "year", "title", "opens_on", "closes_on", "require_codes",
                 "closed_early_at"):
        assert getattr(got, name) == getattr(want, name), name
    assert got.require_codes is True
    assert timezone.is_aware(got.closed_early_at)
    assert got.ward.name == want.ward.name
    assert [(q.pk, q.code, q.kind, q.is_overall) for q in got.question_list] == [
        (q.pk, q.code, q.kind, q.is_overall) for q in want.questions.order_by("order")]
    assert all(type(q.is_overall) is bool for q in got.question_list)
    # A field the page does not read still loads, from the database, when asked for.
    assert got.satisfaction_threshold == want.satisfaction_threshold


@pytest.mark.parametrize("token", ["", "zz", "no-such-token", "abcdefghij", "a" * 17])
def test_the_public_lookup_finds_nothing_for_an_unknown_token(world, token):
    campaign_for(world.ward, year=timezone.localdate().year)
    assert group_link_get_public(token) is None


def _radios(html: str) -> list[str]:
    return re.findall(r'<input type="radio"[^>]*>', html)


@pytest.mark.parametrize("extra", [
    pytest.param(None, id="first visit"),
    pytest.param({"q-overall": "", "q-conduct": "3"}, id="required one missing"),
    pytest.param({"q-overall": "9", "q-response": "1"}, id="answer outside the scale"),
])
def test_the_page_writes_each_radio_as_the_widget_would(client, world, campaign, extra):
    # The page writes its radio buttons itself (AnswerForm.questions); Django's widget is
    # the reference for name, value, id, required, aria-invalid and checked.
    form = AnswerForm(_data(extra) if extra is not None else None, campaign=campaign)
    form.is_valid()
    expected = [str(radio.tag()) for question in form.questions() if question.options
                for radio in question.field]
    url = reverse("answer:group", args=[campaign.links.get(group=world.group).token])
    page = client.post(url, _data(extra)) if extra is not None else client.get(url)
    assert _radios(page.content.decode()) == expected
    assert len(expected) == 5 * 5  # five rating questions of five choices
    if extra is not None:
        assert any("checked" in tag for tag in expected)
        assert any('aria-invalid="true"' in tag for tag in expected)
