"""campaign_create and household_codes_issue: who may start a consultation, and its defaults."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from consultations.models import GroupLink, HouseholdCode, Question
from consultations.services import DEFAULT_QUESTIONS, campaign_create, household_codes_issue
from testing.factories import ResidentialGroupFactory, campaign_for
from units.models import OrgUnit

pytestmark = pytest.mark.django_db


def create(world, actor=None, **fields):
    return campaign_create(actor=actor or world.user(Role.WARD_FRONT), ward=world.ward,
                           year=2026, opens_on=date(2026, 10, 1), **fields)


def test_it_closes_on_30_november_by_default(world):
    assert create(world).closes_on == date(2026, 11, 30)


def test_it_copies_the_default_questions_with_overall_first(world):
    campaign = create(world)
    assert [q.code for q in campaign.questions.all()] == [c for c, *_ in DEFAULT_QUESTIONS]
    assert [q.code for q in campaign.questions.filter(is_overall=True)] == ["overall"]
    assert campaign.questions.get(code="comment").kind == Question.Kind.TEXT


def test_it_gives_every_current_group_of_the_ward_one_link(world):
    second = cast(OrgUnit, ResidentialGroupFactory(parent=world.ward))
    campaign = create(world)
    assert set(campaign.groups.all()) == {world.group, second}
    links = GroupLink.objects.filter(campaign=campaign)
    assert sorted(link.group_id for link in links) == sorted([world.group.pk, second.pk])
    assert len({link.token for link in links}) == 2


def test_it_leaves_out_groups_no_longer_current(world):
    ResidentialGroupFactory(parent=world.ward, valid_from=date(2020, 1, 1),
                            valid_to=date(2025, 6, 30))
    assert list(create(world).groups.all()) == [world.group]


def test_it_refuses_groups_of_another_ward(world):
    with pytest.raises(ValidationError) as error:
        create(world, groups=[world.group, world.other_group])
    assert "groups" in error.value.message_dict


def test_it_refuses_a_closing_date_before_the_opening(world):
    with pytest.raises(ValidationError) as error:
        create(world, closes_on=date(2026, 9, 30))
    assert "closes_on" in error.value.message_dict


def test_it_refuses_a_second_campaign_in_the_same_year(world):
    create(world)
    with pytest.raises(ValidationError) as error:
        create(world)
    assert "year" in error.value.message_dict


def test_it_lets_the_front_of_the_ward_create_it(world):
    front = world.user(Role.WARD_FRONT)
    assert create(world, actor=front).created_by == front


def test_it_lets_the_city_coordinator_create_it(world):
    assert create(world, actor=world.user(Role.CITY_COORDINATOR)).ward == world.ward


def test_it_refuses_the_front_of_another_ward(world):
    with pytest.raises(PermissionDenied):
        create(world, actor=world.user(Role.WARD_FRONT, own=False))


def test_it_refuses_a_ward_police_officer(world):
    with pytest.raises(PermissionDenied):
        create(world, actor=world.user(Role.WARD_OFFICER))


def test_it_issues_one_code_per_household_by_default(world):
    campaign = campaign_for(world.ward)
    codes = household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                                  group=world.group)
    assert len(codes) == world.group.households == 120
    assert len({c.code for c in codes}) == 120


def test_it_issues_only_the_households_not_yet_covered(world):
    campaign = campaign_for(world.ward)
    front = world.user(Role.WARD_FRONT)
    household_codes_issue(actor=front, campaign=campaign, group=world.group, count=100)
    assert len(household_codes_issue(actor=front, campaign=campaign, group=world.group)) == 20
    assert household_codes_issue(actor=front, campaign=campaign, group=world.group) == []
    assert HouseholdCode.objects.filter(campaign=campaign).count() == 120


def test_it_never_issues_more_codes_than_households(world):
    campaign = campaign_for(world.ward)
    front = world.user(Role.WARD_FRONT)
    household_codes_issue(actor=front, campaign=campaign, group=world.group, count=119)
    with pytest.raises(ValidationError):
        household_codes_issue(actor=front, campaign=campaign, group=world.group, count=2)
    assert HouseholdCode.objects.filter(campaign=campaign).count() == 119


def test_it_refuses_codes_for_a_group_outside_the_campaign(world):
    campaign = campaign_for(world.ward)
    with pytest.raises(ValidationError):
        household_codes_issue(actor=world.user(Role.CITY_COORDINATOR), campaign=campaign,
                              group=world.other_group, count=1)


def test_it_refuses_codes_to_the_front_of_another_ward(world):
    campaign = campaign_for(world.ward)
    with pytest.raises(PermissionDenied):
        household_codes_issue(actor=world.user(Role.WARD_FRONT, own=False), campaign=campaign,
                              group=world.group, count=1)


def test_it_issues_no_household_codes_while_the_household_count_is_unknown(world, english):
    campaign = create(world)
    world.group.households = None
    world.group.save()
    with pytest.raises(ValidationError) as refused:
        household_codes_issue(actor=world.user(Role.WARD_FRONT), campaign=campaign,
                              group=world.group, count=500)
    assert "number of households" in refused.value.messages[0]
    assert not HouseholdCode.objects.filter(campaign=campaign).exists()
