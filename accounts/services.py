"""Writes about accounts: creating users, granting and revoking roles, two-factor devices."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ROLE_SCOPE_KIND, RoleAssignment, ScopeKind, User
from accounts.permissions import Action, assignable_roles, require
from audit.models import AuditEntry
from audit.services import audit_record
from units.models import Agency, OrgUnit


def user_has_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose key the user is about to scan (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def totp_device_confirm(*, user: User, token: str) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def _scope_target(role: str, org_unit: OrgUnit | None, agency: Agency | None) -> None:
    kind = ROLE_SCOPE_KIND[role]
    if kind == ScopeKind.AGENCY and agency is None:
        raise ValidationError({"agency": _("This role needs an agency.")})
    if kind == ScopeKind.WARD and (org_unit is None or not org_unit.is_commune_level):
        raise ValidationError({"org_unit": _("This role needs a ward or commune.")})
    if kind == ScopeKind.PROVINCE and (
        org_unit is None or org_unit.kind != OrgUnit.Kind.PROVINCE
    ):
        raise ValidationError({"org_unit": _("This role needs a province or city.")})


@transaction.atomic
def role_assign(
    *, actor: User, user: User, role: str, org_unit: OrgUnit | None = None,
    agency: Agency | None = None,
) -> RoleAssignment:
    """Grant `role` in a scope; the actor may only grant inside their own scope."""
    kind = ROLE_SCOPE_KIND[role]
    org_unit = org_unit if kind in (ScopeKind.PROVINCE, ScopeKind.WARD) else None
    agency = agency if kind == ScopeKind.AGENCY else None
    _scope_target(role, org_unit, agency)
    if role not in assignable_roles(actor):
        raise PermissionDenied(_("You may not grant this role."))
    assignment = RoleAssignment(user=user, role=role, org_unit=org_unit, agency=agency,
                                granted_by=actor if getattr(actor, "pk", None) else None)
    require(actor, Action.USER_MANAGE, assignment)
    if RoleAssignment.objects.filter(
        user=user, role=role, org_unit=org_unit, agency=agency, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("The user already holds this role in this scope."))
    assignment.save()
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    require(actor, Action.USER_MANAGE, assignment)
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    return assignment


@transaction.atomic
def user_create(
    *, actor: User, username: str, full_name: str, email: str, position: str, password: str,
    role: str, org_unit: OrgUnit | None = None, agency: Agency | None = None,
) -> User:
    """Create an account together with its first role: no account exists without a scope."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    user = User(username=username, full_name=full_name, email=email, position=position)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    role_assign(actor=actor, user=user, role=role, org_unit=org_unit, agency=agency)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    require(actor, Action.USER_MANAGE, user)
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # The authentication backend refuses inactive users on their next request; the
        # sessions are deleted too so nothing lingers in the session table.
        _end_sessions(user)
    return user


def _end_sessions(user: User) -> None:
    from django.contrib.sessions.models import Session

    now = timezone.now()
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def totp_secret_base32(device: TOTPDevice) -> str:
    """The key in the form authenticator apps accept when typed by hand."""
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """A coordinator sets a new password for a user who forgot theirs.

    The new password changes the session hash, so every session of that user ends.
    """
    require(actor, Action.USER_MANAGE, user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User, user: User) -> int:
    """Remove a user's authenticator (a lost phone); they set up a new one at next login."""
    require(actor, Action.USER_MANAGE, user)
    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        audit_record(action=AuditEntry.Action.DELETE, obj=user,
                     changes={"totp_device": [device.name, None]})
        device.delete()
    _end_sessions(user)
    return len(devices)


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    """Lift a login lockout before its cool-off ends (the user called the coordinator)."""
    from axes.utils import reset

    require(actor, Action.USER_MANAGE, user)
    reset(username=user.username)
    audit_record(action=AuditEntry.Action.UPDATE, obj=user, changes={"locked_out": [True, False]})
