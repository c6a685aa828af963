from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from audit.tasks import prune_audit_log


class Command(BaseCommand):
    help = "Delete audit entries older than AUDIT_RETENTION_DAYS (queued for the task worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true",
            help="Run the sweep in this process instead of queueing it for the worker.",
        )

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            deleted = prune_audit_log.call()
            self.stdout.write(
                _("Deleted %(count)s audit entries older than %(days)s days.")
                % {"count": deleted, "days": settings.AUDIT_RETENTION_DAYS}
            )
            return
        result = prune_audit_log.enqueue()
        self.stdout.write(
            _("Queued the audit log sweep; task result id: %(id)s") % {"id": result.id}
        )
