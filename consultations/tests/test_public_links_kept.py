"""Each process keeps the public links it has read (selectors.group_link_get_public), and an
answer is still stored only while its campaign takes answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from consultations import selectors
from consultations.forms_public import new_nonce
from consultations.manage_services import campaign_close
from consultations.models import Campaign, GroupLink, HouseholdCode, Response
from consultations.selectors import group_link_get_public
from testing.factories import ResidentialGroupFactory, campaign_for


def _link(world, **fields) -> GroupLink:
    campaign = campaign_for(world.ward, year=timezone.localdate().year, **fields)
    return GroupLink.objects.get(campaign=campaign, group=world.group)


def _url(link: GroupLink) -> str:
    return reverse("answer:group", kwargs={"token": link.token})


ANSWER = {"nonce": new_nonce(), "q-overall": "5", "q-conduct": "4"}


def test_it_reads_a_link_once(world, django_assert_num_queries):
    token = _link(world).token
    first = group_link_get_public(token)
    with django_assert_num_queries(0):
        again = group_link_get_public(token.upper())
    assert again is first


def test_it_reads_the_link_again_once_it_is_older_than_the_limit(world, monkeypatch,
                                                                  django_assert_num_queries):
    token = _link(world).token
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    first = group_link_get_public(token)
    clock[0] += selectors.PUBLIC_LINK_SECONDS - 0.1
    with django_assert_num_queries(0):
        assert group_link_get_public(token) is first
    clock[0] += 0.2
    with django_assert_num_queries(1):
        assert group_link_get_public(token) is not first


def test_it_does_not_keep_unknown_tokens(world):
    _link(world)
    assert group_link_get_public("khongcoday") is None
    assert "khongcoday" not in selectors._public_links


def test_it_starts_again_rather_than_keep_more_than_the_limit(world, monkeypatch):
    monkeypatch.setattr(selectors, "PUBLIC_LINKS_KEPT", 2)
    ResidentialGroupFactory.create_batch(2, parent=world.ward)
    campaign = campaign_for(world.ward, year=timezone.localdate().year)
    tokens = list(campaign.links.values_list("token", flat=True))
    assert len(tokens) == 3
    for token in tokens:
        group_link_get_public(token)
    assert list(selectors._public_links) == [tokens[2]]


def test_closing_a_campaign_shows_at_once_in_this_process(client, world, english):
    link = _link(world)
    assert 'name="q-overall"' in client.get(_url(link)).content.decode()
    campaign_close(actor=world.user(Role.WARD_FRONT), campaign=link.campaign)
    text = client.get(_url(link)).content.decode()
    assert "This consultation has closed" in text
    assert 'name="q-overall"' not in text


def test_renaming_the_group_shows_at_once_in_this_process(client, world):
    link = _link(world)
    client.get(_url(link))
    world.group.name = "Tổ dân phố Hàng Đào"
    world.group.save()
    assert "Tổ dân phố Hàng Đào" in client.get(_url(link)).content.decode()


def test_an_answer_is_refused_when_another_process_closed_the_campaign(client, world,
                                                                      english):
    link = _link(world)
    client.get(_url(link))  # this process now keeps the link, campaign open
    # Another process closes it: no signal reaches this one.
    Campaign.objects.filter(pk=link.campaign.pk).update(closed_early_at=timezone.now())
    page = client.post(_url(link), ANSWER)
    assert "This consultation has closed" in page.content.decode()
    assert not Response.objects.exists()


def test_an_answer_is_refused_when_another_process_moved_the_opening(client, world,
                                                                    english):
    link = _link(world)
    client.get(_url(link))
    tomorrow = timezone.localdate() + timedelta(days=1)
    Campaign.objects.filter(pk=link.campaign.pk).update(opens_on=tomorrow,
                                                        closes_on=tomorrow)
    page = client.post(_url(link), ANSWER)
    assert "This consultation has not opened yet" in page.content.decode()
    assert not Response.objects.exists()


def test_a_household_code_stays_unused_when_the_campaign_closed_meanwhile(client, world):
    link = _link(world)
    code = HouseholdCode.objects.create(campaign=link.campaign, group=world.group)
    client.get(_url(link))
    Campaign.objects.filter(pk=link.campaign.pk).update(closed_early_at=timezone.now())
    client.post(_url(link), {**ANSWER, "household_code": code.code})
    code.refresh_from_db()
    assert code.used_at is None
    assert not Response.objects.exists()


@pytest.mark.parametrize("tampered", ["1", "", "x" * 80])
def test_a_forged_answered_cookie_reads_as_not_answered(client, world, tampered):
    link = _link(world)
    client.cookies[f"km-answered-{link.campaign.pk}"] = tampered
    client.post(_url(link), ANSWER)
    assert Response.objects.count() == 1


def test_the_answered_cookie_of_another_campaign_does_not_count(client, world):
    from consultations.views_public import answered_mark

    link = _link(world)
    other = campaign_for(world.other_ward, year=timezone.localdate().year)
    client.cookies[f"km-answered-{link.campaign.pk}"] = answered_mark(other.pk)
    client.post(_url(link), ANSWER)
    assert Response.objects.count() == 1
