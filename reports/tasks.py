"""Background work of the report cycle, run by `manage.py db_worker`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from reports.report_services import report_reminders_send


@task()
def send_report_reminders() -> int:
    """Remind the bodies whose report is due soon or overdue (daily, from cron)."""
    return report_reminders_send(today=timezone.localdate())


@task()
def open_reporting_periods() -> int:
    """Open this year's 6-monthly and yearly periods of every current plan (daily)."""
    from reports.services import periods_ensure

    return len(periods_ensure(today=timezone.localdate()))
