"""The tallies the city's pages read instead of a season's answers: moved by the answer
itself, equal to counting the answers, repaired by `manage.py rebuild_totals`, and read in
the same number of queries for one ward or a city."""

from __future__ import annotations

import io
import secrets
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count

from consultations.models import Answer, AnswerTally, HouseholdCode, Response, ResponseTally
from consultations.selectors import campaign_result, counted_result, counted_results
from consultations.services import SubmissionRefused, response_submit, tallies_rebuild
from consultations.tests.test_results_views import paper
from indicators.models import IndicatorDefinition, ProvinceMonthTotal
from indicators.services import indicator_value_set
from testing.factories import (
    ResidentialGroupFactory,
    WardFactory,
    campaign_for,
    response_stored,
    user_with_role,
)

pytestmark = pytest.mark.django_db
C = Response.Channel


def _submit(campaign, group, overall: str, **more: str):
    return response_submit(campaign=campaign, group=group, nonce=secrets.token_urlsafe(24),
                           raw_answers={"q-overall": overall, **more})


def _counted_from_answers(campaign) -> dict[tuple[int, str, int, int], int]:
    return {(r["response__group_id"], r["response__channel"], r["question_id"], r["rating"]):
            r["n"] for r in Answer.objects.filter(response__campaign=campaign,
                                                  rating__isnull=False)
            .values("response__group_id", "response__channel", "question_id", "rating")
            .annotate(n=Count("pk"))}


def _tallied(campaign) -> dict[tuple[int, str, int, int], int]:
    return {(t.group_id, t.channel, t.question_id, t.rating): t.n
            for t in AnswerTally.objects.filter(campaign=campaign)}


def test_it_moves_the_tallies_with_every_answer_stored(world, time_machine):
    time_machine.move_to(date(2026, 11, 30))
    campaign = campaign_for(world.ward)
    second = ResidentialGroupFactory(parent=world.ward, households=50)
    campaign.groups.add(second)
    _submit(campaign, world.group, "5", **{"q-conduct": "4", "q-comment": "Tốt"})
    _submit(campaign, world.group, "5")
    _submit(campaign, second, "2", **{"q-security": "1"})
    code = HouseholdCode.objects.create(campaign=campaign, group=second)
    response_submit(campaign=campaign, group=second, nonce=secrets.token_urlsafe(24),
                    raw_answers={"q-overall": "4"}, household_code=code.code)

    assert _tallied(campaign) == _counted_from_answers(campaign)
    assert {(t.group_id, t.channel): t.n for t in ResponseTally.objects.all()} == {
        (world.group.pk, C.WEB): 2, (second.pk, C.WEB): 1, (second.pk, C.CODE): 1}
    assert sum(r.corrected for r in tallies_rebuild()) == 0


def test_it_leaves_the_tallies_alone_when_an_answer_is_refused(world, time_machine):
    time_machine.move_to(date(2026, 12, 1))  # the campaign closed on 30 November
    campaign = campaign_for(world.ward, closes_on=date(2026, 11, 30))
    with pytest.raises(SubmissionRefused) as refused:
        _submit(campaign, world.group, "5")
    assert refused.value.code == "closed"
    assert not AnswerTally.objects.exists() and not ResponseTally.objects.exists()


def test_it_repairs_corrupted_tallies_and_says_what_it_repaired(world):
    campaign = campaign_for(world.ward)
    for rating in (5, 5, 4, 1):
        response_stored(campaign, world.group, rating)
    expected = _tallied(campaign)
    five = AnswerTally.objects.get(campaign=campaign, rating=5)
    AnswerTally.objects.filter(pk=five.pk).update(n=90)           # a wrong count
    AnswerTally.objects.filter(campaign=campaign, rating=1).delete()  # a missing row
    AnswerTally.objects.create(campaign=campaign, group=world.group, channel=C.CODE,
                               question=five.question, rating=3, n=7)  # a row for nothing
    ResponseTally.objects.filter(campaign=campaign).update(n=1)

    out = io.StringIO()
    call_command("rebuild_totals", stdout=out)
    report = out.getvalue()

    assert _tallied(campaign) == expected
    assert ResponseTally.objects.get(campaign=campaign).n == 4
    assert "consultations_answertally: 3 dòng đã kiểm tra, 1 thêm, 1 sửa, 1 xoá" in report
    assert "(90,) → (2,)" in report
    assert "4 dòng tổng không khớp" in report
    again = io.StringIO()
    call_command("rebuild_totals", stdout=again)
    assert "Mọi số tổng đều khớp" in again.getvalue()


def test_it_repairs_an_indicator_total_too(world):
    indicator = IndicatorDefinition.objects.create(code="vu-viec", name="Vụ việc", unit="vụ")
    coordinator = user_with_role("city_coordinator", org_unit=world.province)
    indicator_value_set(actor=coordinator, ward=world.ward, indicator=indicator,
                        month=date(2026, 1, 1), raw="12")
    ProvinceMonthTotal.objects.update(total=99)
    out = io.StringIO()
    call_command("rebuild_totals", stdout=out)
    assert ProvinceMonthTotal.objects.get().total == 12
    assert "indicators_provincemonthtotal: 1 dòng đã kiểm tra, 0 thêm, 1 sửa, 0 xoá" in (
        out.getvalue())


@pytest.mark.parametrize("overall_only", [False, True])
def test_it_reads_many_campaigns_as_it_reads_each(world, overall_only):
    world.group.households = 3
    world.group.save()
    flooded = campaign_for(world.ward)
    for rating in (1, 5, 5, 5, 5):  # one fits beside the code and the paper; four are held
        response_stored(flooded, world.group, rating)
    response_stored(flooded, world.group, 4, channel=C.CODE)  # codes count first
    other_ward = WardFactory(parent=world.province)
    group = ResidentialGroupFactory(parent=other_ward)
    calm = campaign_for(other_ward)
    for rating in (4, 2):
        response_stored(calm, group, rating)

    paper(flooded, world.group, 5, 1)
    together = counted_results([flooded, calm], overall_only=overall_only)
    alone = [counted_result(flooded), counted_result(calm)]
    for bulk, one in zip(together, alone, strict=True):
        assert [(g.group, g.answered, g.satisfied, g.held, g.by_channel)
                for g in bulk.groups] == [
            (g.group, g.answered, g.satisfied, g.held, g.by_channel) for g in one.groups]
        assert (bulk.rate, bulk.is_valid) == (one.rate, one.is_valid)
        if not overall_only:
            assert [g.counts for g in bulk.groups] == [g.counts for g in one.groups]
    flooded_group = campaign_result(flooded).groups[0]
    # Room for one open-web answer after the code and the paper form: the 1, first.
    assert (flooded_group.answered, flooded_group.satisfied, flooded_group.held) == (3, 2, 4)


@pytest.mark.parametrize("wards", [2, 6])
def test_it_reads_a_city_of_results_in_the_same_queries_as_two_wards(
        world, wards, django_assert_num_queries):
    campaigns = []
    for n in range(wards):
        ward = WardFactory(parent=world.province)
        group = ResidentialGroupFactory(parent=ward, households=1)
        campaign = campaign_for(ward, open_web_counts=True)
        for rating in range(1, 2 + n):  # more answers each ward, some past its households
            response_stored(campaign, group, min(rating, 5))
        campaigns.append(campaign)
    fresh = list(type(campaigns[0]).objects.filter(pk__in=[c.pk for c in campaigns]))
    # 1 groups, 2 questions, 3 paper, 4 response tallies, 5 held answers, 6 answer tallies.
    with django_assert_num_queries(6):
        results = counted_results(fresh)
    assert [r.answered for r in results] == [1] * wards
    assert [r.groups[0].held for r in results] == list(range(wards))


def test_it_counts_an_overflowing_group_from_its_answers_once_they_have_settled(
        world, time_machine, django_assert_num_queries):
    time_machine.move_to(date(2026, 11, 20), tick=False)
    world.group.households = 2
    world.group.save()
    campaign = campaign_for(world.ward, open_web_counts=True)
    for rating in (1, 5, 5, 5):  # room for the first two
        response_stored(campaign, world.group, rating)
    time_machine.move_to(date(2026, 11, 21), tick=False)

    def fresh():
        return list(type(campaign).objects.filter(pk=campaign.pk))

    first = counted_results(fresh())[0]
    _submit(campaign, world.group, "5")  # one more, held
    listed = fresh()
    with django_assert_num_queries(5):  # the counted two come from the cache now
        again = counted_results(listed)[0]
    assert (first.answered, first.satisfied, first.groups[0].held) == (2, 1, 2)
    assert (again.answered, again.satisfied, again.groups[0].held) == (2, 1, 3)
    tallies_rebuild()  # after a restore what was counted may differ: counted again
    listed = fresh()
    with django_assert_num_queries(6):
        counted_results(listed)
