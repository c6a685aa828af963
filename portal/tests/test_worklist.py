"""Each role's worklist: what is due and what waits, on the home page and in the reminders
(one list: core.worklist)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import Endorsement
from core.worklist import WorkItem, items_for, reminder_for
from reports.models import Notification
from reports.report_services import worklist_reminders_send
from testing.clients import login
from testing.clock import hanoi
from testing.factories import assessment_for, plan_with_task, user_with_role

pytestmark = pytest.mark.django_db


def _keys(user, today=date(2026, 11, 25)) -> set[str]:
    return {item.key.split("-")[0] for item in items_for(user, today)}


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 1), "due"),  # the first day of the window
    (date(2026, 11, 30), None),
    (date(2026, 12, 8), "due"),
    (date(2026, 12, 9), "overdue"),
    (date(2027, 1, 7), "overdue"),  # 30 days after
    (date(2027, 1, 8), None),
])
def test_it_reminds_in_the_window_and_once_overdue(today, expected):
    item = WorkItem(key="x", text="", url="/", due=date(2026, 12, 8), remind_days=7)
    assert reminder_for(item, today) == expected


def test_it_never_reminds_of_work_without_a_deadline():
    assert reminder_for(WorkItem(key="x", text="", url="/"), date(2026, 1, 1)) is None


def test_it_lists_a_wards_dossier_for_its_police_and_its_committee(world):
    dossier = assessment_for(world.ward)
    chief, committee = world.user(Role.WARD_CHIEF), world.user(Role.WARD_COMMITTEE)
    chief_items = {i.key: i for i in items_for(chief, date(2026, 11, 25))}
    assert chief_items[f"dossier-{dossier.pk}"].due == date(2026, 12, 10)
    assert f"endorse-{dossier.pk}" in {i.key for i in items_for(committee, date(2026, 11, 25))}
    # Another ward's people never see it; nor does the city have the ward's own work.
    assert f"dossier-{dossier.pk}" not in {
        i.key for i in items_for(world.user(Role.WARD_CHIEF, own=False), date(2026, 11, 25))}
    assert f"dossier-{dossier.pk}" not in {
        i.key for i in items_for(world.user(Role.CITY_COORDINATOR), date(2026, 11, 25))}


def test_it_drops_the_committees_item_once_it_gave_its_opinion(world):
    dossier = assessment_for(world.ward)
    from testing.factories import endorsed

    endorsed(dossier)
    assert Endorsement.objects.filter(assessment=dossier).exists()
    assert "endorse" not in _keys(world.user(Role.WARD_COMMITTEE))


def test_it_shows_the_coordinator_what_waits_for_review(world):
    dossier = assessment_for(world.ward)
    dossier.state = "submitted"
    dossier.save(update_fields=["state"])
    texts = [i.text for i in items_for(world.user(Role.CITY_COORDINATOR), date(2026, 11, 25))]
    assert any("1 hồ sơ đã nộp chờ thẩm tra" in text for text in texts)


def test_it_lists_a_bodys_report_for_its_reporter_only(world):
    from reports.services import period_open_regular

    plan = plan_with_task(world.province, world.agency)
    period = period_open_regular(plan=plan, kind="year", year=2026)
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=world.agency)
    items = [i for i in items_for(reporter, date(2026, 11, 25)) if i.key.startswith("report-")]
    assert len(items) == 1 and items[0].due == period.due_date == date(2026, 12, 15)
    assert "report" not in _keys(world.user(Role.CITY_COORDINATOR))
    other = user_with_role(Role.AGENCY_REPORTER, agency=world.other_agency)
    assert not [i for i in items_for(other, date(2026, 11, 25)) if i.key.startswith("report-")]


def test_it_sends_the_reminders_of_the_same_items_once(world, mailoutbox):
    dossier = assessment_for(world.ward)
    chief = world.user(Role.WARD_CHIEF)
    chief.email = "truong@example.vn"
    chief.save(update_fields=["email"])
    worklist_reminders_send(today=date(2026, 12, 2))  # 8 days before: not yet
    assert not Notification.objects.filter(user=chief, key__startswith="dossier-").exists()
    worklist_reminders_send(today=date(2026, 12, 3))  # 7 days before 10/12
    notice = Notification.objects.get(user=chief, key=f"dossier-{dossier.pk}-due")
    assert notice.url == reverse("assessments:detail", args=[dossier.pk])
    assert any(m.to == ["truong@example.vn"] for m in mailoutbox)
    worklist_reminders_send(today=date(2026, 12, 4))
    assert Notification.objects.filter(user=chief, key__startswith=f"dossier-{dossier.pk}"
                                       ).count() == 1
    worklist_reminders_send(today=date(2026, 12, 11))
    assert Notification.objects.filter(user=chief, key=f"dossier-{dossier.pk}-overdue").exists()


def test_it_puts_the_worklist_on_the_home_page(client, world, time_machine):
    time_machine.move_to(hanoi(2026, 11, 25))
    dossier = assessment_for(world.ward)
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get("/").content.decode()
    assert 'id="worklist"' in page
    assert reverse("assessments:detail", args=[dossier.pk]) in page
    assert "10/12/2026" in page
    client.logout()
    login(client, world.user(Role.WARD_FRONT, own=False))
    assert reverse("assessments:detail", args=[dossier.pk]) not in client.get("/").content.decode()


def test_it_reads_the_home_page_in_the_same_number_of_queries_with_more_wards(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from testing.factories import WardFactory

    coordinator = world.user(Role.CITY_COORDINATOR)
    login(client, coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for n in range(5):
        assessment_for(WardFactory(parent=world.province, code=f"0080{n}"))
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)
