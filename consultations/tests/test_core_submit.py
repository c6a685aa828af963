"""response_submit: every resident's answer counted exactly once, or refused with a reason."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import Role
from consultations.models import Answer, HouseholdCode, Response
from consultations.services import (
    SubmissionRefused,
    Submitted,
    household_codes_issue,
    response_submit,
)
from testing.factories import campaign_for

pytestmark = pytest.mark.django_db

# A day well inside the factory campaign (01/01–31/12/2026), whatever the machine's date.
MID_YEAR = "2026-06-15 03:00:00"


@pytest.fixture(autouse=True)
def _mid_year():
    with freeze_time(MID_YEAR):
        yield


@pytest.fixture
def campaign(world):
    return campaign_for(world.ward)


def submit(campaign, group, *, nonce: str | None = None, overall: str = "5",
           answers: dict[str, str] | None = None, household_code: str = "",
           client_ip: str | None = None, answered_before: bool = False) -> Submitted:
    raw = {"q-overall": overall, **{f"q-{k}": v for k, v in (answers or {}).items()}}
    return response_submit(campaign=campaign, group=group, raw_answers=raw,
                           nonce=nonce or uuid.uuid4().hex, household_code=household_code,
                           client_ip=client_ip, answered_before=answered_before)


def refused_code(campaign, group, **fields: Any) -> str:
    with pytest.raises(SubmissionRefused) as refusal:
        submit(campaign, group, **fields)
    return str(refusal.value.code)


def test_it_stores_a_submission_once_with_its_answers(world, campaign):
    result = submit(campaign, world.group, answers={"conduct": "4", "comment": "Tốt"})
    assert result.replayed is False
    stored = Response.objects.get()
    assert (stored.group, stored.channel) == (world.group, Response.Channel.WEB)
    assert sorted(
        (a.question.code, a.rating, a.text) for a in stored.answers.select_related("question")
    ) == [("comment", None, "Tốt"), ("conduct", 4, ""), ("overall", 5, "")]


def test_it_returns_the_stored_response_when_the_same_nonce_is_replayed(world, campaign):
    first = submit(campaign, world.group, nonce="same-form")
    again = submit(campaign, world.group, nonce="same-form", overall="1")
    assert again.replayed is True
    assert again.response.pk == first.response.pk
    assert Response.objects.count() == 1
    assert Answer.objects.get().rating == 5  # the replay's different answer is not stored


def test_it_refuses_a_closed_campaign(world, campaign):
    campaign.closed_early_at = timezone.now()
    campaign.save()
    assert refused_code(campaign, world.group) == "closed"


def test_it_refuses_after_the_closing_date(world, campaign):
    campaign.closes_on = date(2026, 6, 14)
    campaign.opens_on = date(2026, 1, 1)
    campaign.save()
    assert refused_code(campaign, world.group) == "closed"


def test_it_refuses_before_the_opening_date(world, campaign):
    campaign.opens_on = date(2026, 6, 16)
    campaign.save()
    assert refused_code(campaign, world.group) == "not_open"


@pytest.mark.parametrize("nonce", ["", "x" * 65])
def test_it_refuses_a_missing_or_oversized_nonce_as_tampered(world, campaign, nonce):
    with pytest.raises(SubmissionRefused) as refusal:
        response_submit(campaign=campaign, group=world.group, raw_answers={"q-overall": "5"},
                        nonce=nonce)
    assert refusal.value.code == "tampered"
    assert not Response.objects.exists()


def test_it_refuses_a_browser_that_already_answered(world, campaign):
    assert refused_code(campaign, world.group, answered_before=True) == "already_answered"
    assert not Response.objects.exists()


def test_it_requires_the_overall_question(world, campaign):
    assert refused_code(campaign, world.group, overall="  ",
                        answers={"conduct": "5"}) == "incomplete"
    assert not Response.objects.exists()


@pytest.mark.parametrize("rating", ["0", "6", "-1", "4.5", "five"])
def test_it_refuses_a_rating_outside_the_scale(world, campaign, rating):
    assert refused_code(campaign, world.group, overall=rating) == "invalid"
    assert refused_code(campaign, world.group, answers={"conduct": rating}) == "invalid"
    assert not Response.objects.exists()


def test_it_skips_unanswered_optional_questions(world, campaign):
    submit(campaign, world.group, answers={"conduct": "", "comment": "   "})
    assert list(Answer.objects.values_list("question__code", flat=True)) == ["overall"]


def test_it_counts_a_valid_household_code_on_the_code_channel(world, campaign):
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                 group=world.group, count=1)[0]
    result = submit(campaign, world.group, household_code=code.code.lower())
    code.refresh_from_db()
    assert result.response.channel == Response.Channel.CODE
    assert result.response.household_code == code
    assert code.used_at == timezone.now()


def test_it_lets_a_household_code_answer_from_a_browser_that_answered(world, campaign):
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                 group=world.group, count=1)[0]
    result = submit(campaign, world.group, household_code=code.code, answered_before=True)
    assert result.response.channel == Response.Channel.CODE


def test_it_refuses_a_household_code_used_twice(world, campaign):
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                 group=world.group, count=1)[0]
    submit(campaign, world.group, household_code=code.code)
    assert refused_code(campaign, world.group, household_code=code.code) == "used_code"
    assert Response.objects.count() == 1


def test_it_refuses_an_unknown_household_code(world, campaign):
    assert refused_code(campaign, world.group, household_code="ZZZZ2222") == "bad_code"
    assert not Response.objects.exists()


def test_it_refuses_a_household_code_of_another_campaign(world, campaign):
    elsewhere = campaign_for(world.other_ward)
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT, own=False),
                                 campaign=elsewhere, group=world.other_group, count=1)[0]
    assert refused_code(campaign, world.group, household_code=code.code) == "bad_code"
    assert HouseholdCode.objects.get(pk=code.pk).used_at is None


def test_it_requires_a_code_when_the_campaign_requires_codes(world, campaign):
    campaign.require_codes = True
    campaign.save()
    assert refused_code(campaign, world.group) == "bad_code"


def test_it_counts_a_coded_answer_in_the_group_of_the_code(world, campaign):
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                 group=world.group, count=1)[0]
    # The link opened belongs to another group; the code printed for a household decides.
    result = submit(campaign, world.other_group, household_code=code.code)
    assert result.response.group == world.group


def test_it_rate_limits_one_client_address(world, campaign, settings):
    settings.CONSULTATION_RATE_LIMIT = (2, 10)
    submit(campaign, world.group, client_ip="203.0.113.7")
    submit(campaign, world.group, client_ip="203.0.113.7")
    assert refused_code(campaign, world.group, client_ip="203.0.113.7") == "rate_limited"
    assert Response.objects.count() == 2


def test_it_rate_limits_each_address_on_its_own(world, campaign, settings):
    settings.CONSULTATION_RATE_LIMIT = (2, 10)
    submit(campaign, world.group, client_ip="203.0.113.7")
    submit(campaign, world.group, client_ip="203.0.113.7")
    assert submit(campaign, world.group, client_ip="198.51.100.1").replayed is False


def test_it_forgets_the_rate_limit_after_the_window(world, campaign, settings):
    settings.CONSULTATION_RATE_LIMIT = (2, 10)
    submit(campaign, world.group, client_ip="203.0.113.7")
    submit(campaign, world.group, client_ip="203.0.113.7")
    with freeze_time("2026-06-15 03:11:00"):
        assert submit(campaign, world.group, client_ip="203.0.113.7").replayed is False


def test_it_counts_on_when_another_process_starts_the_window_first(world, campaign,
                                                                  settings, monkeypatch):
    from consultations import services

    settings.CONSULTATION_RATE_LIMIT = (2, 10)
    real_incr = services.cache.incr
    calls = []

    def incr(key: str) -> int:
        calls.append(key)
        if len(calls) == 1:
            # Nothing counted yet when this process looks; another then adds 2 answers.
            services.cache.set(key, 2, timeout=600)
            raise ValueError(key)
        return real_incr(key)

    monkeypatch.setattr(services.cache, "incr", incr)
    assert refused_code(campaign, world.group, client_ip="203.0.113.7") == "rate_limited"


def test_it_refuses_when_the_campaign_closed_after_it_was_read(world, campaign):
    from consultations.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(closed_early_at=timezone.now())
    assert campaign.closed_early_at is None  # as a page read it before
    assert refused_code(campaign, world.group) == "closed"
    assert not Response.objects.exists()


def test_it_refuses_when_the_closing_date_moved_before_today(world, campaign):
    from consultations.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(opens_on=date(2026, 1, 1),
                                                   closes_on=date(2026, 6, 1))
    assert refused_code(campaign, world.group) == "closed"
    assert not Response.objects.exists()


def test_it_keeps_nothing_about_the_client_with_the_answer(world, campaign):
    result = submit(campaign, world.group, client_ip="203.0.113.7")
    stored = Response.objects.filter(pk=result.response.pk).values().get()
    assert set(stored) == {"id", "campaign_id", "group_id", "channel", "submitted_at",
                           "nonce", "household_code_id"}


def test_it_refuses_a_comment_over_the_limit_rather_than_cutting_it(world, campaign):
    from consultations.services import MAX_COMMENT

    long = "x" * (MAX_COMMENT + 1)
    assert refused_code(campaign, world.group, answers={"comment": long}) == "invalid"
    assert Response.objects.count() == 0
    submit(campaign, world.group, answers={"comment": "x" * MAX_COMMENT})
    assert Answer.objects.get(question__code="comment").text == "x" * MAX_COMMENT


def test_it_counts_the_limit_under_a_hash_never_the_address(world, campaign, settings):
    from django.core.cache import cache

    settings.CONSULTATION_RATE_LIMIT = (5, 10)
    submit(campaign, world.group, client_ip="203.0.113.7")
    keys = list(cache._cache)  # the local-memory cache of the test settings
    assert keys
    assert not any("203.0.113.7" in str(key) for key in keys)


def test_it_does_not_limit_a_submission_without_an_address(world, campaign, settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 10)
    submit(campaign, world.group)
    assert submit(campaign, world.group).replayed is False


def test_it_counts_a_resend_once_even_when_the_address_is_over_its_limit(world, campaign,
                                                                          settings):
    settings.CONSULTATION_RATE_LIMIT = (1, 10)
    first = submit(campaign, world.group, nonce="resent-form", client_ip="203.0.113.7")
    again = submit(campaign, world.group, nonce="resent-form", client_ip="203.0.113.7")
    assert again.replayed is True
    assert again.response.pk == first.response.pk
    assert Response.objects.count() == 1
