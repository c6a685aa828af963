"""Every role × every action × an object in the role's own scope and in another scope.

The expected table is written out here by hand, not derived from ROLE_ACTIONS, so that a
change to what a role may do has to be made twice: once in the code, once here.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role, User
from accounts.permissions import Action, can, scope
from attachments.models import Attachment
from testing.factories import (
    AgencyFactory,
    assessment_for,
    campaign_for,
    criteria_set_with,
    other_province_agency,
    plan_with_task,
    report_for,
    user_with_role,
)

pytestmark = pytest.mark.django_db

A = Action
READ = {A.UNIT_VIEW, A.AGENCY_VIEW, A.ATTACHMENT_VIEW, A.CRITERIA_VIEW, A.ASSESSMENT_VIEW,
        A.CONSULTATION_VIEW, A.FACILITY_VIEW, A.INDICATOR_VIEW, A.MOVEMENT_VIEW,
        A.FORCE_VIEW}
WARD_WRITE = READ | {A.ATTACHMENT_UPLOAD, A.ATTACHMENT_DELETE}

EXPECTED: dict[str, set[Action]] = {
    Role.SYSADMIN: set(Action),
    Role.CITY_COORDINATOR: set(Action) - {A.COUNCIL_VOTE},
    Role.CITY_LEADER: READ | {A.USER_VIEW, A.PLAN_VIEW, A.REPORT_VIEW},
    Role.COUNCIL_MEMBER: READ | {A.COUNCIL_VOTE},
    # Never the residents' opinions: the unit being judged does not set that figure.
    Role.WARD_CHIEF: WARD_WRITE | {A.UNIT_MANAGE_GROUPS, A.ASSESSMENT_EDIT,
                                   A.ASSESSMENT_REGISTER, A.ASSESSMENT_SUBMIT,
                                   A.FACILITY_EDIT, A.INDICATOR_EDIT, A.MOVEMENT_EDIT,
                                   A.FORCE_EDIT, A.COMMENDATION_PROPOSE},
    Role.WARD_OFFICER: WARD_WRITE | {A.UNIT_MANAGE_GROUPS, A.ASSESSMENT_EDIT, A.FACILITY_EDIT,
                                     A.INDICATOR_EDIT, A.MOVEMENT_EDIT, A.FORCE_EDIT},
    # The chairman recognises the ward's residential groups "An toàn về ANTT".
    Role.WARD_COMMITTEE: WARD_WRITE | {A.UNIT_MANAGE_GROUPS, A.ASSESSMENT_ENDORSE,
                                       A.SAFETY_RECOGNISE, A.PLAN_VIEW, A.REPORT_VIEW,
                                       A.REPORT_EDIT},
    Role.WARD_FRONT: WARD_WRITE | {A.ASSESSMENT_ATTACH_OPINIONS, A.CONSULTATION_MANAGE},
    Role.AGENCY_REPORTER: {A.AGENCY_VIEW, A.ATTACHMENT_VIEW, A.ATTACHMENT_UPLOAD,
                           A.ATTACHMENT_DELETE, A.PLAN_VIEW, A.REPORT_VIEW, A.REPORT_EDIT},
}

# Shared reference data: no object of it lies outside anybody's scope.
UNSCOPED = {A.CRITERIA_VIEW, A.CRITERIA_MANAGE, A.AUDIT_VIEW, A.CATALOGUE_MANAGE,
            A.PLAN_VIEW, A.PLAN_MANAGE, A.INDICATOR_MANAGE, A.MOVEMENT_MANAGE}
ASSESSMENT_ACTIONS = {A.ASSESSMENT_VIEW, A.ASSESSMENT_EDIT, A.ASSESSMENT_SUBMIT,
                      A.ASSESSMENT_EXTEND,
                      A.ASSESSMENT_REVIEW, A.ASSESSMENT_ATTACH_OPINIONS, A.ASSESSMENT_ENDORSE,
                      A.ASSESSMENT_DECIDE, A.COUNCIL_VOTE}

CITY_ROLES = {Role.CITY_COORDINATOR, Role.CITY_LEADER, Role.COUNCIL_MEMBER}


def test_it_covers_every_role_and_action():
    assert set(EXPECTED) == set(Role.values)


def _attachment(*, org_unit=None, agency=None) -> Attachment:
    att = Attachment(
        original_name="bien-ban.pdf", kind=Attachment.Kind.PDF, size=5, sha256="0" * 64,
        org_unit=org_unit, agency=agency, uploaded_at=timezone.now(),
    )
    att.file.save("x", ContentFile(b"%PDF-"), save=False)
    att.save()
    return att


def _target(world, role: str, action: Action, own: bool):
    """An object inside (own) or outside the scope a holder of `role` gets in `world`."""
    if role in CITY_ROLES or role == Role.SYSADMIN:
        ward = world.ward if own else world.far_ward
        agency = world.agency if own else None
    elif role == Role.AGENCY_REPORTER:
        ward = world.ward  # never in an agency's scope
        agency = world.agency if own else world.other_agency
    else:
        ward = world.ward if own else world.other_ward
        agency = world.agency if own else None

    if action in (A.CRITERIA_VIEW, A.CRITERIA_MANAGE):
        return criteria_set_with(1)
    if action in (A.PLAN_VIEW, A.PLAN_MANAGE):
        return plan_with_task(world.province, world.agency)
    if action in (A.REPORT_VIEW, A.REPORT_EDIT, A.REPORT_REVIEW):
        if role == Role.AGENCY_REPORTER:
            return report_for(agency)
        if role in CITY_ROLES or role == Role.SYSADMIN:
            return report_for(world.agency if own else other_province_agency(world))
        # Ward roles: the report of their ward's People's Committee, or another ward's.
        committee = AgencyFactory(province=world.province, kind="local_committee",
                                  plan_item=25, org_unit=ward)
        return report_for(committee)
    if action == A.INDICATOR_MANAGE:
        from indicators.models import IndicatorDefinition

        return IndicatorDefinition.objects.create(
            code=f"ind-{IndicatorDefinition.objects.count()}", name="Số vụ")
    if action == A.MOVEMENT_MANAGE:
        from movement.models import ModelType

        return ModelType.objects.create(name=f"Mô hình {ModelType.objects.count()}")
    if action == A.CATALOGUE_MANAGE:
        from facilities.models import EquipmentItem

        return EquipmentItem.objects.create(code=f"item-{EquipmentItem.objects.count()}",
                                            name="Máy tính", norm_per_unit=2)
    if action == A.ROUND_MANAGE:
        return world.province if own else world.other_province
    if action in ASSESSMENT_ACTIONS:
        return assessment_for(ward)
    if action in (A.CONSULTATION_VIEW, A.CONSULTATION_MANAGE, A.CONSULTATION_EXTEND):
        return campaign_for(ward)
    if action in (A.UNIT_VIEW, A.UNIT_MANAGE_GROUPS, A.UNIT_MERGE, A.ATTACHMENT_UPLOAD,
                  A.ASSESSMENT_REGISTER, A.FACILITY_VIEW, A.FACILITY_EDIT,
                  A.INDICATOR_VIEW, A.INDICATOR_EDIT, A.MOVEMENT_VIEW, A.MOVEMENT_EDIT,
                  A.SAFETY_RECOGNISE, A.SAFETY_DECIDE, A.FORCE_VIEW, A.FORCE_EDIT,
                  A.TRAINING_MANAGE, A.COMMENDATION_PROPOSE, A.COMMENDATION_REVIEW):
        if role == Role.AGENCY_REPORTER and action == A.ATTACHMENT_UPLOAD:
            return agency
        return ward
    if action == A.AGENCY_VIEW:
        if agency is None:  # another province's agency
            return AgencyFactory(province=world.other_province)
        return agency
    if action in (A.ATTACHMENT_VIEW, A.ATTACHMENT_DELETE):
        if role == Role.AGENCY_REPORTER:
            return _attachment(agency=agency)
        return _attachment(org_unit=ward)
    if action in (A.USER_VIEW, A.USER_MANAGE):
        return user_with_role(Role.WARD_OFFICER, org_unit=ward)
    if action == A.AUDIT_VIEW:
        return None
    raise AssertionError(f"no target for {action}")


def _holder(world, role: str) -> User:
    if role in CITY_ROLES:
        return user_with_role(role, org_unit=world.province)
    if role == Role.AGENCY_REPORTER:
        return user_with_role(role, agency=world.agency)
    if role == Role.SYSADMIN:
        return user_with_role(role)
    return user_with_role(role, org_unit=world.ward)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", list(Action))
def test_it_allows_exactly_the_expected_actions_in_own_scope(world, role, action):
    user = _holder(world, role)
    target = _target(world, role, action, own=True)
    assert can(user, action, target) is (action in EXPECTED[role])


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", [a for a in Action if a not in UNSCOPED])
def test_it_refuses_everything_outside_own_scope(world, role, action):
    user = _holder(world, role)
    target = _target(world, role, action, own=False)
    assert can(user, action, target) is (role == Role.SYSADMIN)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", [a for a in Action if a not in UNSCOPED])
def test_it_scopes_querysets_like_it_checks_objects(world, role, action):
    user = _holder(world, role)
    inside = _target(world, role, action, own=True)
    outside = _target(world, role, action, own=False)
    visible = set(scope(user, type(inside)._default_manager.all(), action))
    assert (inside in visible) is (action in EXPECTED[role])
    assert (outside in visible) is (role == Role.SYSADMIN)


def test_it_refuses_everything_to_a_deactivated_user(world):
    user = _holder(world, Role.CITY_COORDINATOR)
    user.is_active = False
    user.save()
    user = User.objects.get(pk=user.pk)
    assert not can(user, A.UNIT_VIEW, world.ward)
    assert not scope(user, type(world.ward).objects.all(), A.UNIT_VIEW).exists()


def test_it_ignores_revoked_assignments(world):
    user = _holder(world, Role.WARD_OFFICER)
    user.role_assignments.update(revoked_at=timezone.now())
    user = User.objects.get(pk=user.pk)
    assert not can(user, A.UNIT_VIEW, world.ward)


def test_it_lets_a_ward_user_see_its_residential_groups_but_not_the_neighbours(world):
    user = _holder(world, Role.WARD_OFFICER)
    assert can(user, A.UNIT_VIEW, world.group)
    assert not can(user, A.UNIT_VIEW, world.other_group)


@pytest.mark.parametrize("role", Role.values)
def test_it_shares_criteria_sets_with_every_role_that_reads_them(world, role):
    criteria_set = criteria_set_with(1)
    visible = scope(_holder(world, role), type(criteria_set).objects.all(), A.CRITERIA_VIEW)
    assert (criteria_set in visible) is (A.CRITERIA_VIEW in EXPECTED[role])
