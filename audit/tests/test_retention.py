import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from audit.models import AuditEntry
from audit.tasks import prune_audit_log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def retention(settings):
    settings.AUDIT_RETENTION_DAYS = 30


def _entry_aged(days: int, label: str) -> AuditEntry:
    entry = AuditEntry.objects.create(action=AuditEntry.Action.UPDATE, object_repr=label)
    AuditEntry.objects.filter(pk=entry.pk).update(
        at=timezone.now() - datetime.timedelta(days=days)
    )
    return entry


def _labels() -> set[str]:
    return set(AuditEntry.objects.values_list("object_repr", flat=True))


def test_it_deletes_entries_older_than_the_retention_period():
    _entry_aged(31, "cu")
    _entry_aged(29, "moi")
    assert prune_audit_log.call() == 1
    assert "cu" not in _labels()
    assert "moi" in _labels()


def test_it_traces_the_sweep_with_a_summary_entry():
    _entry_aged(400, "a")
    _entry_aged(40, "b")
    prune_audit_log.call()
    summary = AuditEntry.objects.get(model="audit.auditentry")
    assert summary.action == AuditEntry.Action.DELETE
    assert summary.object_repr == "retention sweep: 2 entries older than 30 days"
    assert summary.changes["deleted"] == 2


def test_it_traces_a_sweep_that_found_nothing():
    assert prune_audit_log.call() == 0
    assert AuditEntry.objects.filter(model="audit.auditentry").count() == 1


def test_it_runs_when_enqueued():
    _entry_aged(31, "cu")
    result = prune_audit_log.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert "cu" not in _labels()


def test_it_enqueues_from_the_command_and_prints_the_result_id():
    _entry_aged(31, "cu")
    out = io.StringIO()
    call_command("prune_audit_log", stdout=out)
    assert "task result id:" in out.getvalue()
    assert "cu" not in _labels()  # the test backend runs tasks immediately


def test_it_runs_in_process_with_now():
    _entry_aged(31, "cu")
    _entry_aged(31, "cu-nua")
    out = io.StringIO()
    call_command("prune_audit_log", "--now", stdout=out)
    assert "Deleted 2 audit entries older than 30 days." in out.getvalue()
    assert not {"cu", "cu-nua"} & _labels()
