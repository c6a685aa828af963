"""The results page: live tallies, the channel filter, moderation, phone numbers apart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from consultations.models import Answer, ContactRequest, PaperTally, Question, Response
from testing.clients import login
from testing.factories import ResidentialGroupFactory, campaign_for, response_stored


def answer(campaign, group, rating, *, channel=Response.Channel.WEB, comment=""):
    return response_stored(campaign, group, rating, channel=channel, comment=comment)


def paper(campaign, group, rating, count):
    PaperTally.objects.create(campaign=campaign, group=group, rating=rating, count=count,
                              question=campaign.questions.get(is_overall=True))


@pytest.fixture
def campaign(world):
    return campaign_for(world.ward)


@pytest.fixture
def front(world, client):
    user = world.user(Role.WARD_FRONT)
    login(client, user)
    return user


def _results(client, campaign, query=""):
    return client.get(reverse("consultations:results", args=[campaign.pk]) + query)


def test_it_adds_web_and_paper_answers(world, campaign, front, client):
    for rating in (5, 4, 2):
        answer(campaign, world.group, rating)
    paper(campaign, world.group, 5, 6)
    paper(campaign, world.group, 3, 1)
    result = _results(client, campaign).context["result"]
    assert (result.answered, result.satisfied) == (10, 8)
    assert str(result.rate) == "80.0"
    assert result.groups[0].by_channel == {"web": 3, "paper": 7}


def test_it_counts_only_the_channels_ticked(world, campaign, front, client):
    answer(campaign, world.group, 5)
    answer(campaign, world.group, 1, channel=Response.Channel.CODE)
    paper(campaign, world.group, 4, 6)
    result = _results(client, campaign, "?channel=paper&channel=code").context["result"]
    assert (result.answered, result.satisfied) == (7, 6)


def test_it_swaps_only_the_tables_for_htmx(world, campaign, front, client):
    paper(campaign, world.group, 4, 6)
    page = client.get(reverse("consultations:results", args=[campaign.pk]) + "?channel=paper",
                      headers={"HX-Request": "true", "HX-Target": "results-tables"})
    body = page.content.decode()
    assert body.lstrip().startswith('<div id="results-tables">')
    assert "<html" not in body


def test_it_marks_the_result_invalid_when_a_group_is_short(world, campaign, front, client,
                                                           english):
    paper(campaign, world.group, 5, 9)
    page = _results(client, campaign)
    assert not page.context["result"].is_valid
    assert "Not valid yet" in page.content.decode()
    assert f"{world.group.name} (9)" in page.content.decode()


def test_it_hides_a_comment_but_keeps_it(world, campaign, front, client):
    answer(campaign, world.group, 5, comment="Lời lẽ khiếm nhã")
    comment = Answer.objects.get(question__kind=Question.Kind.TEXT)
    url = reverse("consultations:comment_hide", args=[campaign.pk, comment.pk])
    client.post(url, {"reason": "Xúc phạm cán bộ"})
    comment.refresh_from_db()
    assert (comment.hidden, comment.hidden_reason, comment.text) == (
        True, "Xúc phạm cán bộ", "Lời lẽ khiếm nhã")
    entry = AuditEntry.objects.get(model="consultations.answer", object_id=str(comment.pk))
    assert entry.changes["hidden"] == [False, True]


def test_it_requires_a_reason_to_hide(world, campaign, front, client, english):
    answer(campaign, world.group, 5, comment="Góp ý")
    comment = Answer.objects.get(question__kind=Question.Kind.TEXT)
    url = reverse("consultations:comment_hide", args=[campaign.pk, comment.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Answer.objects.get(pk=comment.pk).hidden


def test_it_shows_a_hidden_comment_again_with_an_audit_entry(world, campaign, front, client):
    answer(campaign, world.group, 5, comment="Góp ý")
    comment = Answer.objects.get(question__kind=Question.Kind.TEXT)
    Answer.objects.filter(pk=comment.pk).update(hidden=True, hidden_reason="nhầm")
    client.post(reverse("consultations:comment_show", args=[campaign.pk, comment.pk]))
    assert not Answer.objects.get(pk=comment.pk).hidden
    entry = AuditEntry.objects.get(model="consultations.answer")
    assert entry.changes["hidden"] == [True, False]


def test_it_shows_hidden_comments_to_moderators_only(world, campaign, client):
    answer(campaign, world.group, 5, comment="Bình luận đã ẩn")
    Answer.objects.filter(question__kind=Question.Kind.TEXT).update(hidden=True,
                                                                     hidden_reason="x")
    login(client, world.user(Role.WARD_FRONT))
    assert "Bình luận đã ẩn" in _results(client, campaign).content.decode()
    login(client, world.user(Role.WARD_OFFICER))
    page = _results(client, campaign)
    assert "Bình luận đã ẩn" not in page.content.decode()
    assert b"comment_hide" not in page.content and b"/hide/" not in page.content


def test_it_refuses_moderation_to_a_ward_officer(world, campaign, client):
    answer(campaign, world.group, 5, comment="Góp ý")
    comment = Answer.objects.get(question__kind=Question.Kind.TEXT)
    login(client, world.user(Role.WARD_OFFICER))
    url = reverse("consultations:comment_hide", args=[campaign.pk, comment.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert not Answer.objects.get(pk=comment.pk).hidden


def test_it_never_shows_phone_numbers_on_the_results(world, campaign, front, client):
    answer(campaign, world.group, 5, comment="Cảm ơn")
    ContactRequest.objects.create(campaign=campaign, phone="0912345678", consent_text="Đồng ý")
    assert "0912345678" not in _results(client, campaign).content.decode()


def test_it_logs_every_view_of_the_phone_numbers(world, campaign, front, client):
    ContactRequest.objects.create(campaign=campaign, phone="0912345678", consent_text="Đồng ý")
    url = reverse("consultations:contacts", args=[campaign.pk])
    assert "0912345678" in client.get(url).content.decode()
    client.get(url)
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS,
                                        model="consultations.campaign")
    assert entries.count() == 2
    assert entries.first().user == front


def _groups(world, campaign, n):
    groups = [world.group, *(ResidentialGroupFactory(parent=world.ward) for _ in range(n - 1))]
    campaign.groups.set(groups)
    for group in groups:
        answer(campaign, group, 5, comment="Tốt")
        paper(campaign, group, 4, 3)


@pytest.mark.parametrize("groups", [2, 20])
def test_it_reads_the_results_in_an_exact_number_of_queries(world, campaign, front, client,
                                                             django_assert_num_queries,
                                                             groups):
    _groups(world, campaign, groups)
    with django_assert_num_queries(23):
        page = _results(client, campaign)
    assert page.context["result"].answered == 4 * groups


def test_it_shows_the_comments_a_page_at_a_time_newest_first(world, campaign, front, client,
                                                             monkeypatch):
    monkeypatch.setattr("consultations.selectors.COMMENTS_PER_PAGE", 3)
    for n in range(1, 8):
        answer(campaign, world.group, 5, comment=f"Ý kiến số {n}")

    def shown(page):
        return [c.text for c in page.context["comments"].comments]

    first = _results(client, campaign)
    assert shown(first) == ["Ý kiến số 7", "Ý kiến số 6", "Ý kiến số 5"]
    older = first.context["comments"].older
    second = _results(client, campaign, f"?before={older}")
    assert shown(second) == ["Ý kiến số 4", "Ý kiến số 3", "Ý kiến số 2"]
    third = _results(client, campaign, f"?before={second.context['comments'].older}")
    assert shown(third) == ["Ý kiến số 1"] and third.context["comments"].older is None
    assert "Ý kiến mới nhất" in third.content.decode()


@pytest.mark.parametrize("before", ["abc", "-", "1-", "٣-٣", "99999999999999999999-1"])
def test_it_starts_from_the_newest_comment_for_a_mark_it_does_not_know(
        world, campaign, front, client, before):
    answer(campaign, world.group, 5, comment="Tốt")
    page = _results(client, campaign, f"?before={before}")
    assert page.status_code == 200
    assert [c.text for c in page.context["comments"].comments] in (["Tốt"], [])


def test_it_returns_to_the_page_of_the_comment_just_hidden(world, campaign, front, client,
                                                            monkeypatch):
    monkeypatch.setattr("consultations.selectors.COMMENTS_PER_PAGE", 2)
    oldest = answer(campaign, world.group, 5, comment="Chửi bậy")
    for n in range(3):
        answer(campaign, world.group, 5, comment=f"Tốt {n}")
    hidden = Answer.objects.get(response=oldest, question__kind=Question.Kind.TEXT)
    url = reverse("consultations:comment_hide", args=[campaign.pk, hidden.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert [c.pk for c in refused.context["comments"].comments] == [hidden.pk]
    done = client.post(url, {"reason": "Lời lẽ thô tục"})
    assert done["Location"].endswith(f"#comment-{hidden.pk}")
    page = client.get(done["Location"])
    assert [c.pk for c in page.context["comments"].comments] == [hidden.pk]
