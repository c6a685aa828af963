import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from assessments.models import Assessment
from assessments.procedure import assessment_transition, available_steps, lock_for
from testing.factories import assessment_for

pytestmark = pytest.mark.django_db
S = Assessment.State


@pytest.fixture
def submitted(world):
    dossier = assessment_for(world.ward)
    assessment_transition(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                          target=S.SUBMITTED)
    return dossier


def test_it_offers_the_coordinator_the_review(world, submitted):
    steps = available_steps(world.user(Role.CITY_COORDINATOR), submitted)
    assert [s.target for s in steps] == [S.UNDER_REVIEW]


def test_it_offers_the_ward_nothing_once_submitted(world, submitted):
    assert available_steps(world.user(Role.WARD_CHIEF), submitted) == []


def test_it_refuses_a_jump_that_is_not_a_step(world, submitted):
    with pytest.raises(ValidationError):
        assessment_transition(actor=world.user(Role.CITY_COORDINATOR), assessment=submitted,
                              target=S.RECOGNISED)


def test_it_refuses_a_step_to_a_role_without_it(world, submitted):
    with pytest.raises(PermissionDenied):
        assessment_transition(actor=world.user(Role.WARD_OFFICER), assessment=submitted,
                              target=S.UNDER_REVIEW)


def test_it_requires_a_reason_to_return(world, submitted):
    coordinator = world.user(Role.CITY_COORDINATOR)
    assessment_transition(actor=coordinator, assessment=submitted, target=S.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        assessment_transition(actor=coordinator, assessment=submitted, target=S.RETURNED)
    assessment_transition(actor=coordinator, assessment=submitted, target=S.RETURNED,
                          reason="Thiếu minh chứng tiêu chí 1.2")
    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED and submitted.is_editable
    assert lock_for(submitted) is None


def test_it_explains_the_lock_and_who_can_lift_it(world, submitted):
    lock = lock_for(submitted)
    assert lock is not None
    assert "return" in lock.who_can_unlock.lower() or "trả lại" in lock.who_can_unlock


def test_it_refuses_a_coordinator_of_another_province(world, submitted):
    with pytest.raises(PermissionDenied):
        assessment_transition(actor=world.user(Role.CITY_COORDINATOR, own=False),
                              assessment=submitted, target=S.UNDER_REVIEW)
