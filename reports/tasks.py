"""Background work of the report cycle, run by `manage.py db_worker`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from reports.report_services import worklist_reminders_send


@task()
def send_report_reminders() -> int:
    """Remind every user of the work whose deadline is near or passed: reports due,
    dossiers to submit, … (daily, from cron; the same list as each home page)."""
    return worklist_reminders_send(today=timezone.localdate())


@task()
def open_reporting_periods() -> int:
    """Open this year's 6-monthly and yearly periods of every current plan (daily)."""
    from reports.services import periods_ensure

    return len(periods_ensure(today=timezone.localdate()))
