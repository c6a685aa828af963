from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import ApiToken, RoleAssignment, User
from accounts.permissions import Action, get_for_user, scope
from units.models import Agency, OrgUnit


def user_list(*, actor: User, q: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    users = scope(actor, User.objects.all(), Action.USER_VIEW)
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q)
        )
    if role:
        users = users.filter(role_assignments__role=role, role_assignments__revoked_at__isnull=True)
    if active in ("0", "1"):
        users = users.filter(is_active=active == "1")
    return users.order_by("username").distinct()


def user_get_for_user(actor: User, pk: int, action: Action = Action.USER_VIEW) -> User:
    return get_for_user(actor, User.objects.all(), action, pk=pk)


def role_assignment_get_for_user(actor: User, pk: int, action: Action) -> RoleAssignment:
    return get_for_user(
        actor, RoleAssignment.objects.select_related("user", "org_unit", "agency"), action, pk=pk
    )


def assignable_units(actor: User) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(
        kind__in=[OrgUnit.Kind.PROVINCE, *OrgUnit.COMMUNE_LEVEL], valid_to__isnull=True
    )
    return scope(actor, units, Action.USER_MANAGE).order_by("kind", "name")


def assignable_agencies(actor: User) -> QuerySet[Agency]:
    return scope(actor, Agency.objects.filter(is_active=True), Action.USER_MANAGE)


def role_assignments_of(user: User) -> QuerySet[RoleAssignment]:
    return user.role_assignments.select_related("org_unit", "agency", "granted_by")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """A user's API keys, newest first, revoked and expired ones too (an administrator
    looks here to see what still calls as this user)."""
    return user.api_tokens.select_related("created_by", "revoked_by").order_by("-created_at",
                                                                                "-pk")


def api_token_get_for_user(actor: User, user_pk: int, key_pk: int) -> ApiToken:
    """A key of a user the actor may manage (404 outside scope, 403 without the right)."""
    target = user_get_for_user(actor, user_pk, Action.USER_MANAGE)
    token = api_tokens_of(target).filter(pk=key_pk).first()
    if token is None:
        raise Http404
    return token
