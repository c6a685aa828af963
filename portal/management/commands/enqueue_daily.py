from django.core.management.base import BaseCommand

from audit.tasks import prune_audit_log
from consultations.tasks import prune_contact_requests
from reports.tasks import open_reporting_periods, send_report_reminders

# The periodic maintenance, queued for the task worker. django-tasks has no scheduler:
# cron (or a systemd timer) runs this command once a day.
DAILY_TASKS = (prune_audit_log, prune_contact_requests, open_reporting_periods,
               send_report_reminders)


class Command(BaseCommand):
    help = ("Queue the daily tasks: audit and phone-number retention, this year's reporting "
            "periods, report reminders.")

    def handle(self, *args: object, **options: object) -> None:
        for daily in DAILY_TASKS:
            result = daily.enqueue()
            self.stdout.write(f"queued {daily.name}: {result.id}")
