from typing import Any

from django.core.management.base import BaseCommand

from reports.tasks import send_report_reminders


class Command(BaseCommand):
    help = "Queue the reminders about reports due soon or overdue (run daily from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_report_reminders.enqueue()
        self.stdout.write(f"Queued report reminders; task result id: {result.id}")
