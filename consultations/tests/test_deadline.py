"""The consultation deadline: answers until 30 November, midnight in Hanoi, unless the city
police records an extension with its reason."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from consultations.forms import CampaignForm
from consultations.models import Campaign, CampaignExtension, consultation_last_day
from consultations.services import (
    SubmissionRefused,
    campaign_create,
    campaign_extend,
    response_submit,
)
from testing.clients import login
from testing.clock import hanoi

pytestmark = pytest.mark.django_db


def create(world, **fields) -> Campaign:
    return campaign_create(actor=world.user(Role.WARD_FRONT), ward=world.ward, year=2026,
                           opens_on=fields.pop("opens_on", date(2026, 10, 1)), **fields)


def answer(campaign: Campaign, world):
    return response_submit(campaign=campaign, group=world.group,
                           nonce=secrets.token_urlsafe(24), raw_answers={"q-overall": "5"})


@pytest.mark.parametrize("year", [2026, 2027, 2028, 2030])
def test_it_puts_the_last_day_on_30_november(year):
    assert consultation_last_day(year) == date(year, 11, 30)


def test_it_takes_answers_until_midnight_in_hanoi_on_30_november(world, time_machine):
    campaign = create(world)
    time_machine.move_to(hanoi(2026, 11, 30, 23, 59))  # 16:59 UTC
    assert answer(campaign, world).replayed is False
    time_machine.move_to(hanoi(2026, 12, 1, 0, 0))  # still 30 November in UTC
    with pytest.raises(SubmissionRefused) as refused:
        answer(campaign, world)
    assert refused.value.code == "closed"
    assert campaign.responses.count() == 1


def test_it_refuses_a_closing_date_after_30_november(world):
    with pytest.raises(ValidationError) as error:
        create(world, closes_on=date(2026, 12, 1))
    assert "30/11/2026" in error.value.message_dict["closes_on"][0]
    assert not Campaign.objects.exists()


def test_it_refuses_a_consultation_opening_after_the_deadline(world, time_machine):
    time_machine.move_to(hanoi(2026, 12, 6))
    with pytest.raises(ValidationError) as error:
        create(world, opens_on=date(2026, 12, 6))
    assert "opens_on" in error.value.message_dict


def test_it_offers_next_years_consultation_once_this_years_deadline_has_passed(
        world, time_machine):
    wards = type(world.ward).objects.filter(pk=world.ward.pk)
    time_machine.move_to(hanoi(2026, 11, 30, 23, 59))
    form = CampaignForm(wards=wards)
    assert (form.fields["year"].initial, form.fields["closes_on"].initial) == (
        2026, date(2026, 11, 30))
    time_machine.move_to(hanoi(2026, 12, 1, 0, 1))
    form = CampaignForm(wards=wards)
    assert form.fields["year"].initial == 2027
    assert form.fields["opens_on"].initial == date(2027, 1, 1)
    assert form.fields["closes_on"].initial == date(2027, 11, 30)


def test_it_takes_answers_after_the_deadline_only_through_the_citys_extension(
        world, time_machine):
    campaign = create(world)
    coordinator = world.user(Role.CITY_COORDINATOR)
    time_machine.move_to(hanoi(2026, 12, 2, 8, 0))
    with pytest.raises(SubmissionRefused):
        answer(campaign, world)

    extension = campaign_extend(actor=coordinator, campaign=campaign, closes_on=date(2026, 12, 8),
                                reason="Mưa lũ kéo dài, nhiều tổ dân phố chưa họp được.")

    campaign.refresh_from_db()
    assert campaign.closes_on == date(2026, 12, 8)
    assert (extension.previous_closes_on, extension.granted_by) == (date(2026, 11, 30),
                                                                   coordinator)
    assert answer(campaign, world).replayed is False
    entry = AuditEntry.objects.get(model="consultations.campaignextension",
                                   object_id=str(extension.pk))
    assert entry.changes["reason"] == [None, "Mưa lũ kéo dài, nhiều tổ dân phố chưa họp được."]
    assert AuditEntry.objects.filter(model="consultations.campaign",
                                     object_id=str(campaign.pk),
                                     changes__has_key="closes_on").exists()
    time_machine.move_to(hanoi(2026, 12, 9, 0, 0))
    with pytest.raises(SubmissionRefused):
        answer(campaign, world)


@pytest.mark.parametrize("role", [Role.WARD_FRONT, Role.WARD_CHIEF, Role.CITY_LEADER])
def test_it_lets_only_the_city_police_extend(world, role):
    campaign = create(world)
    with pytest.raises(PermissionDenied):
        campaign_extend(actor=world.user(role), campaign=campaign, closes_on=date(2026, 12, 5),
                        reason="Lý do")
    assert not CampaignExtension.objects.exists()


@pytest.mark.parametrize(("closes_on", "reason", "field"), [
    (date(2026, 12, 5), "   ", "reason"),
    (date(2026, 12, 5), "x" * 1001, "reason"),
    (date(2026, 11, 30), "Lý do", "closes_on"),  # not later than now
    (date(2026, 11, 20), "Lý do", "closes_on"),
    (date(2027, 1, 5), "Lý do", "closes_on"),  # into the next year
])
def test_it_refuses_an_extension_that_says_nothing_or_goes_nowhere(world, closes_on, reason,
                                                                   field):
    campaign = create(world)
    with pytest.raises(ValidationError) as error:
        campaign_extend(actor=world.user(Role.CITY_COORDINATOR), campaign=campaign,
                        closes_on=closes_on, reason=reason)
    assert field in error.value.message_dict
    campaign.refresh_from_db()
    assert campaign.closes_on == date(2026, 11, 30)


def test_it_refuses_an_extension_into_the_past(world, time_machine):
    campaign = create(world)
    time_machine.move_to(hanoi(2026, 12, 10))
    with pytest.raises(ValidationError) as error:
        campaign_extend(actor=world.user(Role.CITY_COORDINATOR), campaign=campaign,
                        closes_on=date(2026, 12, 5), reason="Lý do")
    assert "closes_on" in error.value.message_dict


def test_it_does_not_reopen_a_consultation_the_front_closed_early(world):
    from consultations.manage_services import campaign_close

    campaign = create(world, opens_on=date(2026, 1, 1))
    campaign_close(actor=world.user(Role.WARD_FRONT), campaign=campaign)
    with pytest.raises(ValidationError):
        campaign_extend(actor=world.user(Role.CITY_COORDINATOR), campaign=campaign,
                        closes_on=date(2026, 12, 5), reason="Lý do")


def test_it_shows_the_last_day_and_the_days_left_on_the_pages(client, world, time_machine):
    campaign = create(world)
    time_machine.move_to(hanoi(2026, 11, 25))
    login(client, world.user(Role.WARD_FRONT))
    page = client.get(reverse("consultations:detail", args=[campaign.pk])).content.decode()
    assert "30/11/2026" in page and "còn 5 ngày" in page
    link = campaign.links.get()
    public = client.get(reverse("answer:group", args=[link.token])).content.decode()
    assert "30/11/2026" in public and "còn 5 ngày" in public
    time_machine.move_to(hanoi(2026, 11, 30, 8))
    public = client.get(reverse("answer:group", args=[link.token])).content.decode()
    assert "hôm nay là hạn cuối" in public


def test_it_shows_the_closed_page_in_vietnamese_after_the_deadline(client, world, time_machine):
    campaign = create(world)
    time_machine.move_to(hanoi(2026, 12, 1, 7))
    link = campaign.links.get()
    page = client.post(reverse("answer:group", args=[link.token]), {"q-overall": "5"})
    assert "Đợt lấy ý kiến này đã kết thúc" in page.content.decode()
    assert not campaign.responses.exists()


def test_it_offers_the_extension_form_to_the_coordinator_only(client, world, time_machine):
    campaign = create(world)
    url = reverse("consultations:detail", args=[campaign.pk])
    form_action = f'action="{reverse("consultations:extend", args=[campaign.pk])}"'
    login(client, world.user(Role.WARD_FRONT))
    assert form_action not in client.get(url).content.decode()
    assert client.post(reverse("consultations:extend", args=[campaign.pk]),
                       {"closes_on": "05/12/2026", "reason": "Lý do"}).status_code == 403

    client.logout()
    time_machine.move_to(hanoi(2026, 12, 2))
    login(client, world.user(Role.CITY_COORDINATOR))
    assert form_action in client.get(url).content.decode()
    response = client.post(reverse("consultations:extend", args=[campaign.pk]),
                           {"closes_on": "05/12/2026", "reason": "Chờ tổ dân phố số 3 họp."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Chờ tổ dân phố số 3 họp." in page and "05/12/2026" in page


def test_it_keeps_what_was_typed_when_an_extension_is_refused(client, world):
    campaign = create(world)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.post(reverse("consultations:extend", args=[campaign.pk]),
                           {"closes_on": "05/12/2026", "reason": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="05/12/2026"' in page
    assert '<div class="field field-error" id="field-reason">' in page
    assert not CampaignExtension.objects.exists()
