"""campaign_result: the satisfaction rate a recognition is decided on, web and paper together."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from freezegun import freeze_time

from accounts.models import Role
from consultations.models import PaperTally, Question, Response
from consultations.selectors import campaign_result
from consultations.services import household_codes_issue, response_submit
from testing.factories import ResidentialGroupFactory, campaign_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_year():
    # Inside the factory campaign (01/01–31/12/2026), whatever the machine's date.
    with freeze_time("2026-06-15 03:00:00"):
        yield


@pytest.fixture
def campaign(world):
    return campaign_for(world.ward)


def web(campaign, group, overall: int, household_code: str = "", **others: int) -> None:
    raw = {"q-overall": str(overall), **{f"q-{k}": str(v) for k, v in others.items()}}
    response_submit(campaign=campaign, group=group, raw_answers=raw, nonce=uuid.uuid4().hex,
                    household_code=household_code)


def paper(campaign, group, rating: int, count: int, question: str = "overall") -> None:
    PaperTally.objects.create(campaign=campaign, group=group, rating=rating, count=count,
                              question=Question.objects.get(campaign=campaign, code=question))


def only(result):
    (group,) = result.groups
    return group


def test_it_adds_web_and_paper_answers_of_a_group(world, campaign):
    web(campaign, world.group, 5)
    web(campaign, world.group, 2)
    paper(campaign, world.group, 5, 7)
    paper(campaign, world.group, 3, 1)
    group = only(campaign_result(campaign))
    assert group.answered == 10
    assert group.counts["overall"] == {5: 8, 2: 1, 3: 1}
    assert group.by_channel == {"web": 2, "paper": 8}


def test_it_counts_only_ratings_4_and_5_of_the_overall_question_as_satisfied(world, campaign):
    for rating in (1, 2, 3, 4, 5):
        web(campaign, world.group, rating, conduct=5)
    group = only(campaign_result(campaign))
    assert (group.answered, group.satisfied) == (5, 2)
    assert group.counts["conduct"] == {5: 5}


def test_it_does_not_count_other_questions_as_respondents(world, campaign):
    paper(campaign, world.group, 5, 30, question="conduct")
    group = only(campaign_result(campaign))
    assert (group.answered, group.satisfied, group.rate) == (0, 0, None)
    assert group.counts["conduct"] == {5: 30}


def test_it_keeps_groups_apart(world, campaign):
    second = ResidentialGroupFactory(parent=world.ward)
    campaign.groups.add(second)
    web(campaign, world.group, 5)
    paper(campaign, second, 1, 3)
    result = campaign_result(campaign)
    by_group = {g.group: (g.answered, g.satisfied) for g in result.groups}
    assert by_group == {world.group: (1, 1), second: (3, 0)}
    assert (result.answered, result.satisfied) == (4, 1)


def test_it_narrows_to_paper(world, campaign):
    web(campaign, world.group, 5)
    paper(campaign, world.group, 1, 4)
    group = only(campaign_result(campaign, channels=(Response.Channel.PAPER,)))
    assert (group.answered, group.satisfied) == (4, 0)


def test_it_narrows_to_the_open_web_without_coded_answers(world, campaign):
    code = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                 group=world.group, count=1)[0]
    web(campaign, world.group, 5, household_code=code.code)
    web(campaign, world.group, 1)
    paper(campaign, world.group, 5, 4)
    result = campaign_result(campaign, channels=(Response.Channel.WEB,))
    assert (only(result).answered, only(result).satisfied) == (1, 0)
    assert result.channels == ("web",)


def test_it_reports_every_channel_by_default(world, campaign):
    assert set(campaign_result(campaign).channels) == {"code", "web", "paper"}


def test_it_ignores_answers_of_another_campaign(world, campaign):
    elsewhere = campaign_for(world.ward, year=2025)
    paper(elsewhere, world.group, 1, 9)
    assert only(campaign_result(campaign)).answered == 0


@pytest.mark.parametrize(("satisfied", "answered", "rate"), [
    (2, 3, Decimal("66.7")),
    (1, 3, Decimal("33.3")),
    (1, 16, Decimal("6.3")),    # 6.25: half rounds up, as people expect, not to even
    (9, 10, Decimal("90.0")),
])
def test_it_rounds_the_rate_to_one_decimal(world, campaign, satisfied, answered, rate):
    paper(campaign, world.group, 5, satisfied)
    paper(campaign, world.group, 1, answered - satisfied)
    result = campaign_result(campaign)
    assert only(result).rate == rate
    assert result.rate == rate


def test_it_has_no_rate_without_answers(world, campaign):
    result = campaign_result(campaign)
    assert result.rate is None
    assert result.meets_threshold is False


def test_it_is_valid_when_every_group_has_the_minimum(world, campaign):
    paper(campaign, world.group, 4, 10)
    result = campaign_result(campaign)
    assert result.is_valid is True
    assert result.groups_short == []


def test_it_is_not_valid_when_one_group_is_short(world, campaign):
    second = ResidentialGroupFactory(parent=world.ward)
    campaign.groups.add(second)
    paper(campaign, world.group, 4, 50)
    paper(campaign, second, 4, 9)
    result = campaign_result(campaign)
    assert result.is_valid is False
    assert [g.group for g in result.groups_short] == [second]


def test_it_follows_the_campaign_minimum(world, campaign):
    campaign.min_responses_per_group = 3
    campaign.save()
    paper(campaign, world.group, 4, 3)
    assert campaign_result(campaign).is_valid is True


def test_it_is_not_valid_without_groups(world, campaign):
    campaign.groups.clear()
    assert campaign_result(campaign).is_valid is False


def test_it_meets_the_threshold_at_exactly_90_percent(world, campaign):
    paper(campaign, world.group, 5, 9)
    paper(campaign, world.group, 3, 1)
    assert campaign_result(campaign).meets_threshold is True


def test_it_misses_the_threshold_just_below_it(world, campaign):
    paper(campaign, world.group, 5, 899)
    paper(campaign, world.group, 3, 101)
    result = campaign_result(campaign)
    assert result.rate == Decimal("89.9")
    assert result.meets_threshold is False


def test_it_follows_the_campaign_threshold(world, campaign):
    campaign.satisfaction_threshold = Decimal(80)
    campaign.save()
    paper(campaign, world.group, 5, 8)
    paper(campaign, world.group, 1, 2)
    assert campaign_result(campaign).meets_threshold is True
