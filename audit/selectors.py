from typing import Any

from django.db.models import QuerySet

from accounts.permissions import Action, can
from audit.models import AuditEntry


def audit_entries(*, actor: Any) -> QuerySet[AuditEntry]:
    # The trail is installation-wide: one installation serves one province, and only
    # roles granted audit.view (coordinators, administrators) may read it.
    if not can(actor, Action.AUDIT_VIEW):
        return AuditEntry.objects.none()
    return AuditEntry.objects.select_related("user")
