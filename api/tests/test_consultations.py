"""Residents' consultations through the API: campaigns and aggregate results, read only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from consultations.models import ContactRequest, HouseholdCode, PaperTally, Question
from testing.api import api_call, key_for
from testing.factories import ResidentialGroupFactory, WardFactory, campaign_for, response_stored

CAMPAIGNS = "/api/v1/consultations/"
COMMENT = "Cán bộ Nguyễn Văn A tiếp dân rất nhiệt tình"
OTHER_COMMENT = "Góp ý riêng của một hộ ở phường kia"
PHONE = "0912345678"


def _get(client, path, key, **params):
    return api_call(client, "GET", path, key, data=params or None)


def _results(campaign) -> str:
    return f"{CAMPAIGNS}{campaign.pk}/results/"


def _refused(response, field: str) -> None:
    """A 400 problem that names `field` (an address holding a NUL is refused before the
    operation, by core.middleware: a problem without a field to name)."""
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if "errors" in body:
        assert body["errors"][0]["field"] == field


def _paper(campaign, group, rating: int, count: int, code: str = "overall") -> PaperTally:
    return PaperTally.objects.create(campaign=campaign, group=group, rating=rating,
                                     count=count, question=campaign.questions.get(code=code))


@pytest.fixture
def answered(world):
    """The ward's consultation: three answers with a household code (5, 4, 2; one with a
    comment and its code), one open-web answer (1, not counted by default), a paper tally of
    four "very satisfied", and a phone number left for follow-up. The other ward's
    consultation has answers of its own."""
    campaign = campaign_for(world.ward)
    code = HouseholdCode.objects.create(campaign=campaign, group=world.group, code="HK7P2Q9R")
    first = response_stored(campaign, world.group, 5, channel="code", comment=COMMENT)
    first.household_code = code
    first.save()
    response_stored(campaign, world.group, 4, channel="code")
    response_stored(campaign, world.group, 2, channel="code")
    response_stored(campaign, world.group, 1, channel="web")
    _paper(campaign, world.group, 5, 4)
    _paper(campaign, world.group, 3, 2, code="security")
    ContactRequest.objects.create(campaign=campaign, phone=PHONE, consent_text="Đồng ý")
    other = campaign_for(world.other_ward)
    response_stored(other, world.other_group, 1, channel="code", comment=OTHER_COMMENT)
    return campaign, other


def test_it_lists_consultations_with_their_counted_result(client, world, answered):
    campaign, _other = answered
    key = key_for(world.user(Role.WARD_FRONT))
    response = _get(client, CAMPAIGNS, key)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row == {
        "id": campaign.pk,
        "ward": {"id": world.ward.pk, "code": world.ward.code, "name": world.ward.name},
        "year": 2026, "title": campaign.title, "opens_on": "2026-01-01",
        "closes_on": "2026-12-31", "closed_early_at": None, "phase": "open",
        "require_codes": False, "open_web_counts": False,
        "counted_channels": ["code", "paper"], "min_responses_per_group": 10,
        "satisfaction_threshold": 90.0,
        # Code and paper: 3 + 4 answers, 2 + 4 satisfied; the open-web answer is apart.
        "counted": {"respondents": 7, "satisfied": 6, "satisfied_share": 85.7,
                    "meets_threshold": False, "is_valid": False, "groups": 1,
                    "groups_short": 1, "held": 0},
    }


def test_it_counts_open_web_answers_when_the_front_chose_so(client, world, answered):
    campaign, _other = answered
    campaign.open_web_counts = True
    campaign.save()
    key = key_for(world.user(Role.WARD_CHIEF))
    (row,) = _get(client, CAMPAIGNS, key).json()["results"]
    assert row["counted_channels"] == ["code", "paper", "web"]
    assert (row["counted"]["respondents"], row["counted"]["satisfied"]) == (8, 6)


def test_it_filters_consultations_by_ward_year_and_phase(client, world, answered):
    campaign, other = answered
    earlier = campaign_for(world.ward, year=2025)
    coming = campaign_for(world.other_ward, year=2027, opens_on=date(2027, 1, 1),
                          closes_on=date(2027, 11, 30))
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def ids(**params):
        response = _get(client, CAMPAIGNS, key, **params)
        assert response.status_code == 200, response.json()
        return sorted(r["id"] for r in response.json()["results"])

    assert ids() == sorted([campaign.pk, other.pk, earlier.pk, coming.pk])
    assert ids(ward=world.ward.pk) == sorted([campaign.pk, earlier.pk])
    assert ids(year=2026) == sorted([campaign.pk, other.pk])
    assert ids(phase="closed") == [earlier.pk]
    assert ids(phase="not_open") == [coming.pk]
    assert ids(phase="open", ward=world.other_ward.pk) == [other.pk]
    assert ids(ward=world.far_ward.pk) == []
    phases = {r["id"]: r["phase"] for r in _get(client, CAMPAIGNS, key).json()["results"]}
    assert phases == {campaign.pk: "open", other.pk: "open", earlier.pk: "closed",
                      coming.pk: "not_open"}


def test_it_refuses_bad_consultation_filters(client, world, answered):
    key = key_for(world.user(Role.WARD_CHIEF))
    for year in ("abc", "1999", "2101", "99999999999999999999999", "\x00", "2026.5"):
        _refused(_get(client, CAMPAIGNS, key, year=year), "year")
    for ward in ("0", "-3", "x", str(2**63), "1e3", "\x00"):
        _refused(_get(client, CAMPAIGNS, key, ward=ward), "ward")
    for name in ("year", "ward", "phase"):
        _refused(_get(client, CAMPAIGNS, key, **{name: ""}), name)
    for phase in ("opened", "OPEN", "\x00", "x" * 5000):
        _refused(_get(client, CAMPAIGNS, key, phase=phase), "phase")
    for size in ("0", "501", "ten"):
        _refused(_get(client, CAMPAIGNS, key, page_size=size), "page_size")
    _refused(_get(client, CAMPAIGNS, key, channel="web"), "channel")


def test_it_gives_a_consultations_aggregate_results(client, world, answered):
    campaign, _other = answered
    key = key_for(world.user(Role.WARD_FRONT))
    response = _get(client, _results(campaign), key)
    assert response.status_code == 200
    body = response.json()
    assert body["campaign"]["id"] == campaign.pk
    assert body["campaign"]["counted"]["respondents"] == 7
    # Every channel: 3 with a code, 1 open web, 4 on paper.
    assert (body["respondents"], body["satisfied"], body["satisfied_share"]) == (8, 6, 75.0)
    assert body["by_channel"] == {"code": 3, "web": 1, "paper": 4}
    assert body["held"] == 0
    rating_codes = list(campaign.questions.filter(kind=Question.Kind.RATING)
                        .order_by("order").values_list("code", flat=True))
    assert [q["code"] for q in body["questions"]] == rating_codes
    overall = body["questions"][0]
    assert overall["is_overall"] is True and overall["answers"] == 8
    assert [(r["rating"], r["count"]) for r in overall["ratings"]] == [
        (5, 5), (4, 1), (3, 0), (2, 1), (1, 1)]
    assert overall["ratings"][0]["share"] == 62.5 and overall["ratings"][0]["label"]
    security = next(q for q in body["questions"] if q["code"] == "security")
    assert security["answers"] == 2 and security["ratings"][2]["count"] == 2
    assert security["ratings"][0]["share"] == 0.0
    (group,) = body["groups"]
    assert group == {
        "id": world.group.pk, "code": world.group.code, "name": world.group.name,
        "households": 120, "respondents": 8, "satisfied": 6, "satisfied_share": 75.0,
        "by_channel": {"code": 3, "web": 1, "paper": 4}, "counted_respondents": 7,
        "counted_satisfied": 6, "short": True, "held": 0,
    }


def test_it_never_gives_an_answer_a_comment_a_code_or_a_phone(client, world, answered):
    campaign, _other = answered
    key = key_for(world.user(Role.CITY_COORDINATOR))
    for path in (CAMPAIGNS, _results(campaign)):
        response = _get(client, path, key)
        assert response.status_code == 200
        text = json.dumps(response.json(), ensure_ascii=False)
        for secret in (COMMENT, OTHER_COMMENT, "HK7P2Q9R", PHONE, "Đồng ý",
                       "comment", "nonce", "submitted_at"):
            assert secret not in text, (path, secret)


def test_it_counts_a_group_with_no_answers(client, world):
    campaign = campaign_for(world.ward)
    key = key_for(world.user(Role.WARD_CHIEF))
    body = _get(client, _results(campaign), key).json()
    assert (body["respondents"], body["satisfied_share"]) == (0, None)
    assert body["groups"][0]["satisfied_share"] is None
    assert all(r["share"] is None for q in body["questions"] for r in q["ratings"])
    assert body["campaign"]["counted"]["satisfied_share"] is None
    assert body["campaign"]["counted"]["meets_threshold"] is False


def test_it_keeps_consultations_list_within_the_ward(client, world, answered):
    campaign, _other = answered
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, CAMPAIGNS, key)
    assert [r["id"] for r in response.json()["results"]] == [campaign.pk]
    text = json.dumps(response.json(), ensure_ascii=False)
    assert world.other_ward.name not in text and world.other_group.name not in text
    for params in ({"ward": world.other_ward.pk}, {"ward": world.other_ward.pk, "year": 2026}):
        assert _get(client, CAMPAIGNS, key, **params).json()["results"] == [], params
    reporter = key_for(world.user(Role.AGENCY_REPORTER))
    assert _get(client, CAMPAIGNS, reporter).json()["results"] == []


def test_it_keeps_consultation_results_get_within_the_ward(client, world, answered):
    campaign, other = answered
    far = campaign_for(world.far_ward)
    key = key_for(world.user(Role.WARD_FRONT))
    assert _get(client, _results(campaign), key).status_code == 200
    for foreign in (other, far):
        response = _get(client, _results(foreign), key)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert world.other_ward.name not in response.content.decode()
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert _get(client, _results(other), city).status_code == 200
    assert _get(client, _results(far), city).status_code == 404
    reporter = key_for(world.user(Role.AGENCY_REPORTER))
    assert _get(client, _results(campaign), reporter).status_code == 404
    assert _get(client, f"{CAMPAIGNS}{far.pk + 1000}/results/", city).status_code == 404


def test_it_reads_a_page_of_consultations_in_the_same_queries_at_any_size(client, world,
                                                                         answered):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    _get(client, CAMPAIGNS, key)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, CAMPAIGNS, key).status_code == 200
        return len(queries)

    few = count()
    for _n in range(6):
        ward = WardFactory(parent=world.province)
        group = ResidentialGroupFactory(parent=ward)
        ResidentialGroupFactory(parent=ward)
        campaign = campaign_for(ward)
        response_stored(campaign, group, 5, channel="code")
        _paper(campaign, group, 4, 3)
    assert count() == few
    assert len(_get(client, CAMPAIGNS, key).json()["results"]) == 8



def test_it_reads_a_consultations_results_in_the_same_queries_at_any_size(client, world):
    campaign = campaign_for(world.ward)
    key = key_for(world.user(Role.CITY_COORDINATOR))
    response_stored(campaign, world.group, 5, channel="code")
    _get(client, _results(campaign), key)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, _results(campaign), key).status_code == 200
        return len(queries)

    few = count()
    for _n in range(5):
        group = ResidentialGroupFactory(parent=world.ward)
        campaign.groups.add(group)
        response_stored(campaign, group, 4, channel="web")
        _paper(campaign, group, 2, 3, code="conduct")
    assert count() == few
    assert len(_get(client, _results(campaign), key).json()["groups"]) == 6
