"""The Front's campaign pages: who may do what, creating a campaign, printing, closing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from consultations.models import Campaign, HouseholdCode
from testing.clients import login
from testing.factories import ResidentialGroupFactory, campaign_for


@pytest.fixture
def front(world, client):
    user = world.user(Role.WARD_FRONT)
    login(client, user)
    return user


def _new(client, world, **fields):
    data = {"ward": world.ward.pk, "year": 2026, "opens_on": "01/11/2026",
            "min_responses_per_group": 10, "satisfaction_threshold": "90", **fields}
    return client.post(reverse("consultations:list"), data)


def test_it_creates_a_campaign_closing_on_30_november_with_every_group(world, front, client):
    second = ResidentialGroupFactory(parent=world.ward)
    response = _new(client, world)
    campaign = Campaign.objects.get(ward=world.ward, year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:detail", args=[campaign.pk])
    assert campaign.closes_on == date(2026, 11, 30)
    assert set(campaign.groups.all()) == {world.group, second}
    assert campaign.links.count() == 2


def test_it_refuses_a_residential_group_of_another_ward(world, front, client, english):
    response = _new(client, world, groups=[world.other_group.pk])
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("tampered", ["9" * 30, "-1", "1.5", "abc", "²"])
def test_it_refuses_a_tampered_group_value(world, front, client, english, tampered):
    response = _new(client, world, groups=[world.group.pk, tampered])
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_it_keeps_what_was_typed_when_the_dates_are_wrong(world, front, client, english):
    response = _new(client, world, opens_on="20/11/2026", closes_on="10/11/2026")
    assert b"The closing date is before the opening date." in response.content
    assert b'value="20/11/2026"' in response.content
    assert not Campaign.objects.exists()


def test_it_offers_the_new_campaign_form_only_to_those_who_manage(world, client):
    login(client, world.user(Role.WARD_OFFICER))
    page = client.get(reverse("consultations:list"))
    assert page.context["form"] is None
    assert client.post(reverse("consultations:list"), {"ward": world.ward.pk}).status_code == 403


def test_it_lists_only_the_campaigns_in_scope(world, front, client):
    own, other = campaign_for(world.ward), campaign_for(world.other_ward)
    rows = client.get(reverse("consultations:list")).context["rows"]
    assert [r.campaign for r in rows] == [own]
    assert other.pk not in [r.campaign.pk for r in rows]


def test_it_answers_404_for_another_wards_campaign(world, front, client):
    other = campaign_for(world.other_ward)
    for name in ("detail", "results", "summary_docx", "contacts"):
        assert client.get(reverse(f"consultations:{name}", args=[other.pk])).status_code == 404


def test_it_lets_a_ward_officer_see_but_not_manage(world, client):
    campaign = campaign_for(world.ward)
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("consultations:results", args=[campaign.pk])).status_code == 200
    tally = reverse("consultations:tally", args=[campaign.pk, world.group.pk])
    assert client.get(tally).status_code == 403
    assert client.post(reverse("consultations:close", args=[campaign.pk]),
                       {"confirm": "1"}).status_code == 403
    assert client.get(reverse("consultations:contacts", args=[campaign.pk])).status_code == 403


def test_it_shows_each_groups_absolute_public_link(world, front, client):
    campaign = campaign_for(world.ward)
    token = campaign.links.get().token
    page = client.get(reverse("consultations:detail", args=[campaign.pk]))
    assert page.context["groups"][0]["url"].startswith("http://testserver/")
    assert token in page.context["groups"][0]["url"]


def test_it_prints_a_qr_sheet_of_the_groups_link(world, front, client):
    campaign = campaign_for(world.ward)
    token = campaign.links.get().token
    page = client.get(reverse("consultations:qr_sheet", args=[campaign.pk, world.group.pk]))
    assert b"<svg" in page.content
    assert token.encode() in page.content
    assert b"@page" in page.content


def test_it_answers_404_for_a_group_outside_the_campaign(world, front, client):
    campaign = campaign_for(world.ward)
    url = reverse("consultations:qr_sheet", args=[campaign.pk, world.other_group.pk])
    assert client.get(url).status_code == 404


def test_it_issues_codes_and_prints_them_on_slips(world, front, client):
    campaign = campaign_for(world.ward)
    url = reverse("consultations:code_slips", args=[campaign.pk, world.group.pk])
    assert client.post(url, {"count": "12"}).status_code == 302
    codes = list(HouseholdCode.objects.filter(campaign=campaign))
    page = client.get(url)
    assert len(codes) == 12
    assert [len(p) for p in page.context["pages"]] == [10, 2]
    assert all(c.code.encode() in page.content for c in codes)


def test_it_refuses_more_codes_than_households(world, front, client):
    campaign = campaign_for(world.ward)
    url = reverse("consultations:code_slips", args=[campaign.pk, world.group.pk])
    response = client.post(url, {"count": "121"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not HouseholdCode.objects.exists()


def test_it_closes_a_campaign_early_once_confirmed(world, front, client):
    campaign = campaign_for(world.ward)
    url = reverse("consultations:close", args=[campaign.pk])
    client.post(url, {})
    assert Campaign.objects.get().closed_early_at is None
    client.post(url, {"confirm": "1"})
    assert Campaign.objects.get().closed_early_at is not None
