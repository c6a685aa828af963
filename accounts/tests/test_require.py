"""require(): the one way to refuse, with a message that names who may act, made from the
permission table itself (so it cannot name the wrong role)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts.models import Role
from accounts.permissions import ACTION_LABELS, ROLE_ACTIONS, Action, refusal, require, who_may

pytestmark = pytest.mark.django_db


def test_it_has_a_label_for_every_action():
    assert set(ACTION_LABELS) == set(Action)


@pytest.mark.parametrize("action", list(Action))
def test_it_names_exactly_the_roles_granted_the_action(action):
    granted = {str(role.label) for role in Role if action in ROLE_ACTIONS[role]
               and role != Role.SYSADMIN} or {str(Role.SYSADMIN.label)}
    assert set(who_may(action)) == granted


def test_it_names_the_coordinator_beside_the_chief_for_registration(english):
    assert refusal(Action.ASSESSMENT_REGISTER) == (
        "Only City coordinator or Ward police chief may register a ward for recognition, "
        "within their own unit.")


def test_it_says_it_in_vietnamese():
    with translation.override("vi"):
        message = refusal(Action.CONSULTATION_EXTEND)
    assert message.startswith("Chỉ ")
    assert "gia hạn" in message


def test_it_refuses_outside_the_scope_and_lets_the_right_role_through(world):
    front, other_front = world.user(Role.WARD_FRONT), world.user(Role.WARD_FRONT, own=False)
    require(front, Action.CONSULTATION_MANAGE, world.ward)
    with pytest.raises(PermissionDenied) as refused:
        require(other_front, Action.CONSULTATION_MANAGE, world.ward)
    assert str(refused.value) == refusal(Action.CONSULTATION_MANAGE)
    with pytest.raises(PermissionDenied):
        require(world.user(Role.WARD_CHIEF), Action.CONSULTATION_MANAGE, world.ward)
