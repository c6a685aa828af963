from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, can
from audit.models import AuditEntry
from audit.services import audited_model_labels


def _day_start(day: datetime.date) -> datetime.datetime:
    # Days are the user's days in Việt Nam, not UTC days; a range on `at` keeps the index.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(
    *,
    actor: User,
    user: str = "",
    action: str = "",
    model: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    q: str = "",
) -> QuerySet[AuditEntry]:
    """The entries the actor may read, filtered; newest first."""
    # The trail is installation-wide: one installation serves one province, and only
    # roles granted audit.view (coordinators, administrators) may read it.
    if not can(actor, Action.AUDIT_VIEW):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("user")
    if user:
        # A key's prefix or name finds what came through it.
        entries = entries.filter(Q(username__icontains=user) | Q(user__full_name__icontains=user)
                                 | Q(via__icontains=user))
    if action:
        entries = entries.filter(action=action)
    if model:
        entries = entries.filter(model=model)
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if q:
        entries = entries.filter(object_repr__icontains=q)
    return entries


def audit_record_types() -> list[str]:
    """The record types the trail can hold, for the filter's choices."""
    # From the registry rather than SELECT DISTINCT: that would scan the whole trail on
    # every page view. Logins name users; retention sweeps and exports name the trail.
    audited = audited_model_labels()
    return sorted(audited | {"accounts.user", "audit.auditentry"})
