"""API keys: issued to a user by an administrator, shown once, stored as a digest.

A key is `km_<prefix>_<secret>`: the prefix names it in lists and in the audit log, the
secret (256 random bits) makes it unguessable. Only the SHA-256 of the whole key is kept;
with that much randomness a slow hash adds nothing, and a digest can be looked up by index
on every request.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Role, User
from accounts.permissions import Action, assignable_roles, require

KEY_START = "km_"
# How long a key may live at most, and by default: a key in another system's configuration
# is forgotten there; an expiry makes somebody look at it again.
MAX_DAYS = 366
DEFAULT_DAYS = 180
# Writing "last used" on every request would turn each read into a write; once a minute
# tells an administrator all they need (is this key still in use, from where).
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """A key that expires "on 31/12" works until midnight of that day, Hanoi's time."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)


def _may_hold_key(actor: User, user: User) -> None:
    # A city coordinator may not mint an administrator's key, as he may not make one.
    holds_all = user.is_superuser or any(a.role == Role.SYSADMIN
                                         for a in user.active_assignments())
    if holds_all and Role.SYSADMIN not in assignable_roles(actor):
        raise PermissionDenied(_("Only a system administrator may issue a key to an "
                                 "administrator's account."))


@transaction.atomic
def api_token_issue(*, actor: User, user: User, name: str, expires_on: datetime.date,
                    read_only: bool = False) -> tuple[ApiToken, str]:
    """Issue a key to `user`; returns the record and the key, which is never shown again."""
    require(actor, Action.USER_MANAGE, user)
    _may_hold_key(actor, user)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Say which system will use the key.")
    if not user.is_active:
        errors["user"] = _("The account is disabled; a key of it would not work.")
    if expires_on <= today:
        errors["expires_on"] = _("The key must expire after today.")
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS):
        errors["expires_on"] = _("A key may be valid for at most %(days)d days; issue a new "
                                 "one when it expires.") % {"days": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    prefix = KEY_START + secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = KEY_START + secrets.token_hex(4)
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, digest=key_digest(key),
        read_only=read_only, created_by=actor, expires_at=_end_of_day(expires_on))
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop a key at once; it stays listed, with who revoked it and when."""
    require(actor, Action.USER_MANAGE, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_authenticate(key: str, *, ip: str | None) -> ApiToken | None:
    """The usable key `key` is, or None; records its use (at most once a minute)."""
    if not key.startswith(KEY_START) or len(key) > 200:
        return None
    token = (ApiToken.objects.select_related("user").filter(digest=key_digest(key)).first())
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY \
            or token.last_used_ip != ip:
        # An update, not save(): the use of a key is not a change to audit.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
        token.last_used_at, token.last_used_ip = now, ip
    return token
