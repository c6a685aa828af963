"""Background work on the audit trail, run by `manage.py db_worker`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from audit.models import AuditEntry
from audit.services import audit_record


@task()
def prune_audit_log() -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS; return how many went."""
    days = settings.AUDIT_RETENTION_DAYS
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        # Deleting evidence must itself leave evidence, even when nothing was due.
        audit_record(
            action=AuditEntry.Action.DELETE,
            model_label="audit.auditentry",
            object_repr=f"retention sweep: {deleted} entries older than {days} days",
            changes={"deleted": deleted, "retention_days": days, "cutoff": cutoff.isoformat()},
        )
    return deleted
