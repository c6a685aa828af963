from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from reports import report_services as svc
from reports.models import Report
from testing.clients import login
from testing.factories import report_for

pytestmark = pytest.mark.django_db


def _post(report: Report, **extra: str) -> dict[str, str]:
    item = report.items.get()
    data = {"revision": str(report.revision), "summary": "Tóm tắt",
            f"item-{item.pk}-status": "done", f"item-{item.pk}-results": "Kết quả"}
    data.update(extra)
    return data


def _report(world):
    report = report_for(world.agency)
    report.items.create(task=report.period.plan.tasks.get())
    return report


def test_it_saves_a_draft(client, world):
    report = _report(world)
    login(client, world.user(Role.AGENCY_REPORTER))
    response = client.post(reverse("reports:report", args=[report.pk]), _post(report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.summary, report.items.get().status, report.state) == ("Tóm tắt", "done",
                                                                         "draft")


def test_it_refuses_a_stale_save_and_keeps_the_input(client, world, english):
    report = _report(world)
    login(client, world.user(Role.AGENCY_REPORTER))
    data = _post(report, summary="Chữ của tôi")
    Report.objects.filter(pk=report.pk).update(revision=5)
    response = client.post(reverse("reports:report", args=[report.pk]), data)
    assert b"Someone else saved this report" in response.content
    assert "Chữ của tôi" in response.content.decode()


def test_it_refuses_to_submit_an_empty_report(client, world, english):
    report = _report(world)
    login(client, world.user(Role.AGENCY_REPORTER))
    item = report.items.get()
    response = client.post(reverse("reports:report", args=[report.pk]),
                           {"revision": "0", "summary": "", "submit": "1",
                            f"item-{item.pk}-status": ""})
    content = response.content.decode()
    assert "Every task needs a status" in content and "IV.1" in content
    assert Report.objects.get(pk=report.pk).state == "draft"


def test_it_submits_and_stamps(client, world):
    report = _report(world)
    user = world.user(Role.AGENCY_REPORTER)
    login(client, user)
    client.post(reverse("reports:report", args=[report.pk]), _post(report, submit="1"))
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_by == user
    assert report.submitted_at is not None


def test_it_hides_another_bodys_report(client, world):
    report = _report(world)
    login(client, world.user(Role.AGENCY_REPORTER, own=False))
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 404


def test_it_requires_a_comment_to_return(world, english):
    report = _report(world)
    Report.objects.filter(pk=report.pk).update(state="submitted")
    report.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        svc.report_return(actor=world.user(Role.CITY_COORDINATOR), report=report, comment=" ")
    assert "comment" in error.value.message_dict


def test_it_shows_the_return_comment_to_the_body(client, world):
    report = _report(world)
    Report.objects.filter(pk=report.pk).update(state="submitted")
    coordinator = world.user(Role.CITY_COORDINATOR)
    svc.report_return(actor=coordinator, report=report, comment="Bổ sung số liệu")
    login(client, world.user(Role.AGENCY_REPORTER))
    response = client.get(reverse("reports:report", args=[report.pk]))
    assert "Bổ sung số liệu" in response.content.decode()
    assert Report.objects.get(pk=report.pk).reviewed_by == coordinator


def test_it_locks_an_accepted_report_and_says_why(client, world, english):
    report = _report(world)
    Report.objects.filter(pk=report.pk).update(state="submitted")
    svc.report_accept(actor=world.user(Role.CITY_COORDINATOR), report=report)
    login(client, world.user(Role.AGENCY_REPORTER))
    response = client.post(reverse("reports:report", args=[report.pk]),
                           _post(Report.objects.get(pk=report.pk)))
    content = response.content.decode()
    assert "An accepted report is final" in content and "nobody can reopen it" in content
    assert Report.objects.get(pk=report.pk).summary == ""


def test_it_refuses_review_by_a_reporter(client, world):
    report = _report(world)
    Report.objects.filter(pk=report.pk).update(state="submitted")
    login(client, world.user(Role.AGENCY_REPORTER))
    response = client.post(reverse("reports:report_accept", args=[report.pk]))
    assert response.status_code == 403


def test_it_lists_the_agency_reporters_reports(client, world):
    report = _report(world)
    login(client, world.user(Role.AGENCY_REPORTER))
    response = client.get(reverse("reports:periods"))
    assert reverse("reports:report", args=[report.pk]) in response.content.decode()


def test_it_counts_periods_for_the_city(client, world):
    report = _report(world)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(reverse("reports:periods"))
    assert response.status_code == 200
    period = response.context["periods"].get()
    assert (period.n_total, period.n_missing, period.n_on_time) == (1, 1, 0)
    assert report.period.title in response.content.decode()


def test_it_opens_the_regular_period(client, world):
    report = _report(world)
    login(client, world.user(Role.CITY_COORDINATOR))
    client.post(reverse("reports:period_open"),
                {"plan": report.period.plan_id, "kind": "year"})
    assert report.period.plan.periods.filter(kind="year").exists()


def test_it_opens_an_ad_hoc_period_and_keeps_bad_input(client, world, english):
    report = _report(world)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.post(reverse("reports:period_ad_hoc"), {
        "plan": report.period.plan_id, "title": "Báo cáo đột xuất",
        "cutoff_start": "01/05/2026", "cutoff_end": "01/04/2026", "due_date": "30/12/2099"})
    assert "The end of the data period is before its start." in response.content.decode()
    assert "Báo cáo đột xuất" in response.content.decode()
