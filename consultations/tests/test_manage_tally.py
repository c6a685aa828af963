"""Paper tallies: a grid of counts per question and option, saved all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from consultations.models import PaperTally
from testing.clients import login
from testing.factories import campaign_for

QUESTIONS = ("overall", "conduct", "response", "security", "urban_order")


@pytest.fixture
def campaign(world, client):
    login(client, world.user(Role.WARD_FRONT))
    return campaign_for(world.ward)


def _grid(**rows):
    """Every cell zero, except rows given as {code: (n5, n4, n3, n2, n1)}."""
    data = {}
    for code in QUESTIONS:
        for rating, n in zip((5, 4, 3, 2, 1), rows.get(code, (0,) * 5), strict=True):
            data[f"{code}-{rating}"] = str(n)
    return data


def _post(client, campaign, group, data):
    return client.post(reverse("consultations:tally", args=[campaign.pk, group.pk]), data)


def test_it_saves_the_counts_of_a_group(world, campaign, client):
    response = _post(client, campaign, world.group,
                     _grid(overall=(30, 10, 5, 3, 2), conduct=(20, 20, 0, 0, 0)))
    assert response.status_code == 302
    saved = {(t.question.code, t.rating): t.count for t in PaperTally.objects.all()}
    assert saved[("overall", 5)] == 30
    assert saved[("conduct", 4)] == 20
    assert ("conduct", 3) not in saved  # zero is not stored


def test_it_replaces_the_previous_counts_and_audits_them(world, campaign, client):
    _post(client, campaign, world.group, _grid(overall=(30, 10, 0, 0, 0)))
    _post(client, campaign, world.group, _grid(overall=(25, 0, 0, 0, 1)))
    saved = {(t.question.code, t.rating): t.count for t in PaperTally.objects.all()}
    assert saved == {("overall", 5): 25, ("overall", 1): 1}
    audited = AuditEntry.objects.filter(model="consultations.papertally")
    assert set(audited.values_list("action", flat=True)) == {"create", "update", "delete"}


def test_it_refuses_a_negative_count_and_keeps_what_was_typed(world, campaign, client,
                                                              english):
    response = _post(client, campaign, world.group, _grid(overall=(30, -4, 0, 0, 0)))
    assert response.status_code == 400
    assert response.context["form"].errors["overall-4"] == ["Enter zero or more."]
    assert b'value="-4"' in response.content and b'value="30"' in response.content
    assert not PaperTally.objects.exists()


def test_it_refuses_text_in_a_cell(world, campaign, client, english):
    data = _grid(overall=(30, 0, 0, 0, 0)) | {"conduct-5": "mười"}
    response = _post(client, campaign, world.group, data)
    assert response.context["form"].errors["conduct-5"] == ["Enter a whole number."]
    assert "mười" in response.content.decode()
    assert not PaperTally.objects.exists()


def test_it_refuses_more_answers_than_households(world, campaign, client, english):
    response = _post(client, campaign, world.group, _grid(overall=(100, 21, 0, 0, 0)))
    rows = {r["question"].code: r["error"] for r in response.context["form"].rows()}
    assert response.status_code == 400
    assert rows["overall"] == (f"121 answers, but {world.group.name} has only 120 "
                               "households.")
    assert b'value="121"' not in response.content and b'value="100"' in response.content
    assert not PaperTally.objects.exists()


def test_it_refuses_a_question_with_more_answers_than_the_overall_one(world, campaign, client,
                                                                     english):
    response = _post(client, campaign, world.group,
                     _grid(overall=(10, 0, 0, 0, 0), security=(8, 3, 0, 0, 0)))
    rows = {r["question"].code: r["error"] for r in response.context["form"].rows()}
    assert rows["security"] == ("11 answers, more than the 10 paper forms counted on the "
                                "overall question.")
    assert rows["overall"] == ""
    assert not PaperTally.objects.exists()


def test_it_keeps_existing_counts_when_the_new_ones_are_refused(world, campaign, client):
    _post(client, campaign, world.group, _grid(overall=(30, 0, 0, 0, 0)))
    _post(client, campaign, world.group, _grid(overall=(30, 0, 0, 0, 0), conduct=(31, 0, 0, 0, 0)))
    assert list(PaperTally.objects.values_list("count", flat=True)) == [30]
