from django.core.management.base import BaseCommand

from audit.tasks import prune_audit_log
from consultations.tasks import prune_contact_requests

# The periodic maintenance, queued for the task worker. django-tasks has no scheduler:
# cron (or a systemd timer) runs this command once a day.
DAILY_TASKS = (prune_audit_log, prune_contact_requests)


class Command(BaseCommand):
    help = "Queue the daily maintenance tasks (audit retention, phone-number retention)."

    def handle(self, *args: object, **options: object) -> None:
        for daily in DAILY_TASKS:
            result = daily.enqueue()
            self.stdout.write(f"queued {daily.name}: {result.id}")
