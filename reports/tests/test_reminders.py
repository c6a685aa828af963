from __future__ import annotations

import io
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from reports.models import Notification, PlanTask, Report
from reports.report_services import worklist_reminders_send as report_reminders_send
from reports.services import period_open_regular
from testing.clients import login
from testing.factories import AgencyFactory, plan_with_task, user_with_role
from testing.sheets import table

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _period(world, bodies: int):
    agencies = [world.agency, world.other_agency] + [
        AgencyFactory(province=world.province) for _ in range(bodies - 2)]
    plan = plan_with_task(world.province, world.agency)
    for n, agency in enumerate(agencies[1:]):
        PlanTask.objects.create(plan=plan, section=f"IV.{n + 2}", text="Việc", lead=agency)
    period = period_open_regular(plan=plan, kind="half_year", year=2026)
    reporters = {a.pk: user_with_role(Role.AGENCY_REPORTER, agency=a, email=f"r{a.pk}@x.vn")
                 for a in agencies}
    return period, agencies, reporters


def _submit(period, agency, on: date) -> None:
    Report.objects.filter(period=period, agency=agency).update(
        state="submitted", submitted_at=datetime(on.year, on.month, on.day, 9, tzinfo=HCM))


def test_it_reminds_exactly_the_bodies_that_have_not_submitted(world):
    period, agencies, reporters = _period(world, 3)
    _submit(period, agencies[0], date(2026, 6, 1))
    assert report_reminders_send(today=date(2026, 6, 10)) == 2
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {reporters[agencies[1].pk].pk, reporters[agencies[2].pk].pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"r{a.pk}@x.vn" for a in agencies[1:])


def test_it_never_reminds_twice(world):
    _period(world, 3)
    report_reminders_send(today=date(2026, 6, 10))
    mail.outbox.clear()
    assert report_reminders_send(today=date(2026, 6, 11)) == 0
    assert mail.outbox == []


def test_it_sends_nothing_before_the_reminder_window(world):
    _period(world, 3)
    assert report_reminders_send(today=date(2026, 6, 9)) == 0


def test_it_skips_revoked_reporters(world):
    _p, agencies, reporters = _period(world, 3)
    reporters[agencies[1].pk].role_assignments.update(revoked_at=datetime(2026, 1, 1,
                                                                           tzinfo=HCM))
    assert report_reminders_send(today=date(2026, 6, 10)) == 2  # 3 bodies, one unreachable


def test_it_sends_an_overdue_reminder_and_lists_the_overdue(client, world):
    period, agencies, _reporters = _period(world, 3)
    _submit(period, agencies[0], date(2026, 6, 1))
    report_reminders_send(today=date(2026, 6, 10))
    assert report_reminders_send(today=date(2026, 6, 16)) == 2
    assert Notification.objects.filter(key__endswith="-overdue").count() == 2
    login(client, world.user(Role.CITY_COORDINATOR))
    with mock.patch("django.utils.timezone.now",
                    return_value=datetime(2026, 6, 16, 9, tzinfo=HCM)):
        response = client.get(reverse("reports:board", args=[period.pk]))
        board = response.context["board"]
        assert {r.agency for r in board.missing} == set(agencies[1:])
        assert [r.agency for r in board.on_time] == [agencies[0]]
        xlsx = client.get(reverse("reports:overdue_xlsx", args=[period.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "Cơ quan, đơn vị chưa gửi báo cáo"
    names = {row[1] for row in table(sheet)[1]}
    assert names == {a.name for a in agencies[1:]}


def test_it_counts_a_late_submission_as_late(client, world):
    period, agencies, _reporters = _period(world, 3)
    _submit(period, agencies[1], date(2026, 6, 16))
    login(client, world.user(Role.CITY_COORDINATOR))
    board = client.get(reverse("reports:board", args=[period.pk])).context["board"]
    assert [r.agency for r in board.late] == [agencies[1]]


@pytest.mark.parametrize("bodies", [3, 28])
def test_it_draws_the_board_in_bounded_queries(client, world, bodies):
    period, _agencies, _reporters = _period(world, bodies)
    login(client, world.user(Role.CITY_COORDINATOR))
    url = reverse("reports:board", args=[period.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12


def test_it_marks_notifications_read_on_open(client, world):
    _period(world, 3)
    report_reminders_send(today=date(2026, 6, 10))
    first = Notification.objects.order_by("pk").first()
    assert first is not None
    user = first.user
    login(client, user)
    response = client.get(reverse("reports:notifications"))
    assert "Reminder" in response.content.decode() or response.context["unread"]
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_it_enqueues_reminders_from_the_command(world):
    from django.core.management import call_command

    _period(world, 3)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 6, 10)):
        call_command("send_report_reminders")
    assert Notification.objects.count() == 3
