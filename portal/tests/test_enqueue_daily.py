from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_queues_every_daily_task():
    out = StringIO()
    call_command("enqueue_daily", stdout=out)
    assert "prune_audit_log" in out.getvalue()
    assert "prune_contact_requests" in out.getvalue()
    assert "open_reporting_periods" in out.getvalue()
    assert "send_report_reminders" in out.getvalue()
