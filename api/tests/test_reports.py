"""The periodic reports through the API: periods, a body's reports, and a report written by
another system under the report form's rules (scope, deadlines, states, all-or-nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Role, User
from audit.models import AuditEntry
from reports.models import Plan, PlanTask, Report, ReportingPeriod, ReportItem
from testing.api import api_call, key_for
from testing.factories import (
    AgencyFactory,
    other_province_agency,
    plan_with_task,
    report_for,
    user_with_role,
)
from units.models import Agency

pytestmark = pytest.mark.django_db

PERIODS = "/api/v1/reporting-periods/"
REPORTS = "/api/v1/reports/"


def _url(report: Report) -> str:
    return f"{REPORTS}{report.pk}/"


def _committee(world: Any, ward: Any) -> Agency:
    """The ward's People's Committee as a body of the plan."""
    return AgencyFactory(province=world.province, kind=Agency.Kind.LOCAL_COMMITTEE,
                         plan_item=25, org_unit=ward, name=f"UBND {ward.name}")


def _report(agency: Agency, *, year: int = 2026, extra_tasks: int = 0) -> Report:
    """The body's draft report with an item for its task (and `extra_tasks` more)."""
    report = report_for(agency, year=year)
    plan = report.period.plan
    tasks = [plan.tasks.get(lead=agency, section="IV.1")]
    tasks += [PlanTask.objects.create(plan=plan, section=f"IV.{n + 2}", order=n + 1,
                                      text=f"Nhiệm vụ {n}", lead=agency)
              for n in range(extra_tasks)]
    for task in tasks:
        ReportItem.objects.get_or_create(report=report, task=task)
    return report


def _task(report: Report) -> int:
    return report.items.order_by("task__order", "pk").first().task_id  # type: ignore[union-attr]


def _label(user: User) -> str:
    return ApiToken.objects.get(user=user).label


def _snapshot(report: Report) -> tuple[Any, ...]:
    stored = Report.objects.get(pk=report.pk)
    items = tuple(ReportItem.objects.filter(report=report).order_by("pk").values_list(
        "status", "results", "difficulties", "proposals", "figures"))
    return stored.summary, stored.state, stored.revision, stored.submitted_at, items


# --- reporting_periods_list ---------------------------------------------------------------

def test_it_lists_the_periods_of_the_keys_province(client, world):
    own = _report(world.agency)
    yearly = ReportingPeriod.objects.create(
        plan=plan_with_task(world.province, world.agency), kind=ReportingPeriod.Kind.YEAR,
        year=2026, title="Báo cáo năm 2026",
        cutoff_start=date(2025, 12, 15), cutoff_end=date(2026, 12, 14),
        due_date=date(2026, 12, 15))
    far = _report(other_province_agency(world))
    key = key_for(world.user(Role.AGENCY_REPORTER))
    response = api_call(client, "GET", PERIODS, key)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {own.period_id, yearly.pk}
    assert far.period_id not in rows
    assert rows[own.period_id] == {
        "id": own.period_id, "plan": own.period.plan_id, "plan_number": "01/KH-TEST",
        "kind": "half_year", "year": 2026, "title": "Báo cáo 6 tháng 2026",
        "cutoff_start": "2025-12-15", "cutoff_end": "2026-06-14", "due_date": "2026-06-15",
        "n_reports": 1}
    assert rows[yearly.pk]["n_reports"] == 0
    for query, expected in (({"kind": "year"}, {yearly.pk}), ({"year": 2027}, set()),
                            ({"plan": own.period.plan_id}, {own.period_id, yearly.pk}),
                            ({"plan": far.period.plan_id}, set())):
        found = api_call(client, "GET", PERIODS, key, query).json()["results"]
        assert {row["id"] for row in found} == expected, query
    for query in ({"kind": "monthly"}, {"year": 1999}, {"plan": 0}, {"plan": 2**63},
                  {"year": "x"}):
        response = api_call(client, "GET", PERIODS, key, query)
        assert response.status_code == 400, query
        assert response.json()["errors"][0]["field"] == next(iter(query))


def test_it_keeps_reporting_periods_list_within_the_ward(client, world):
    own = _report(_committee(world, world.ward))
    other = _report(_committee(world, world.other_ward))
    assert own.period_id == other.period_id  # both wards report in the same period
    far = _report(other_province_agency(world))
    response = api_call(client, "GET", PERIODS, key_for(world.user(Role.WARD_COMMITTEE)))
    rows = response.json()["results"]
    # The period is listed with the ward's own report only; another province's is not.
    assert [(row["id"], row["n_reports"]) for row in rows] == [(own.period_id, 1)]
    assert far.period_id not in {row["id"] for row in rows}
    # A ward police chief reads no plan: no periods at all.
    chief = api_call(client, "GET", PERIODS, key_for(world.user(Role.WARD_CHIEF)))
    assert chief.status_code == 200 and chief.json()["results"] == []


# --- reports_list -------------------------------------------------------------------------

def test_it_lists_reports_with_timeliness_and_item_counts(client, world):
    draft = _report(world.agency, extra_tasks=2)
    draft.items.filter(task__order=1).update(status="done")
    draft.items.filter(task__order=2).update(status="blocked")
    submitted = _report(world.other_agency)
    Report.objects.filter(pk=submitted.pk).update(
        state=Report.State.SUBMITTED, submitted_at=date(2026, 6, 10).isoformat() + "T10:00Z")
    next_year = _report(world.agency, year=2027)
    far = _report(other_province_agency(world))
    key = key_for(world.user(Role.CITY_COORDINATOR))
    response = api_call(client, "GET", REPORTS, key)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {draft.pk, submitted.pk, next_year.pk}
    assert far.pk not in rows
    row = rows[draft.pk]
    assert row["agency"] == {"id": world.agency.pk, "code": "so-tu-phap", "name": "Sở Tư pháp",
                             "org_unit": None}
    assert row["period"] == {"id": draft.period_id, "kind": "half_year", "year": 2026,
                             "title": "Báo cáo 6 tháng 2026", "due_date": "2026-06-15"}
    assert (row["state"], row["submitted_at"], row["timeliness"], row["is_late"],
            row["is_overdue"]) == ("draft", None, "missing", False, True)
    assert row["item_counts"] == {"total": 3, "not_started": 0, "in_progress": 0, "done": 1,
                                  "blocked": 1, "unset": 1}
    assert set(row) == {"id", "agency", "period", "state", "submitted_at", "timeliness",
                        "is_late", "is_overdue", "reviewed_at", "revision", "updated_at",
                        "item_counts"}
    on_time = rows[submitted.pk]
    assert (on_time["state"], on_time["timeliness"], on_time["is_late"],
            on_time["is_overdue"]) == ("submitted", "on_time", False, False)
    # Not yet due: not overdue.
    assert (rows[next_year.pk]["timeliness"], rows[next_year.pk]["is_overdue"]) == (
        "missing", False)
    for query, expected in (({"state": "submitted"}, {submitted.pk}),
                            ({"agency": world.agency.pk}, {draft.pk, next_year.pk}),
                            ({"period": draft.period_id}, {draft.pk, submitted.pk}),
                            ({"year": 2027}, {next_year.pk}),
                            ({"agency": world.agency.pk, "year": 2026}, {draft.pk})):
        found = api_call(client, "GET", REPORTS, key, query).json()["results"]
        assert {r["id"] for r in found} == expected, query
    for query in ({"state": "lost"}, {"agency": 0}, {"period": 2**63}, {"year": 3000},
                  {"agency": "1.5"}, {"state": "x" * 10_000}):
        response = api_call(client, "GET", REPORTS, key, query)
        assert response.status_code == 400, query
        assert response.json()["errors"][0]["field"] == next(iter(query))
    # A NUL in the address is refused before any view (core.middleware), as everywhere.
    assert api_call(client, "GET", REPORTS, key, {"agency": "\x00"}).status_code == 400


def test_it_keeps_reports_list_within_the_ward(client, world):
    own = _report(_committee(world, world.ward))
    other = _report(_committee(world, world.other_ward))
    body = _report(world.agency)
    response = api_call(client, "GET", REPORTS, key_for(world.user(Role.WARD_COMMITTEE)))
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    # Asking for the other ward's body by filter finds nothing either.
    for query in ({"agency": other.agency_id}, {"agency": body.agency_id}):
        found = api_call(client, "GET", REPORTS, key_for(world.user(Role.WARD_COMMITTEE)),
                         query)
        assert found.status_code == 200 and found.json()["results"] == []
    # Ward police roles do not follow the plan's reports at all.
    chief = api_call(client, "GET", REPORTS, key_for(world.user(Role.WARD_CHIEF)))
    assert chief.json()["results"] == []


def test_it_shows_a_bodys_reporter_only_its_own_reports(client, world):
    own = _report(world.agency)
    other = _report(world.other_agency)
    reporter = world.user(Role.AGENCY_REPORTER)
    key = key_for(reporter)
    listed = api_call(client, "GET", REPORTS, key).json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert api_call(client, "GET", _url(other), key).status_code == 404
    before = _snapshot(other)
    response = api_call(client, "PUT", _url(other), key,
                        {"summary": "Ghi đè", "items": [{"task": _task(other),
                                                         "status": "done"}]})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert _snapshot(other) == before
    assert not AuditEntry.objects.filter(via=_label(reporter)).exists()


def test_it_lists_reports_in_a_flat_number_of_queries(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    _report(world.agency, extra_tasks=2)
    api_call(client, "GET", REPORTS, key)  # the key's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert api_call(client, "GET", REPORTS, key).status_code == 200
    for n in range(8):
        _report(AgencyFactory(province=world.province), extra_tasks=n % 3)
    with CaptureQueriesContext(connection) as many:
        response = api_call(client, "GET", REPORTS, key)
    assert len(response.json()["results"]) == 9
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as periods:
        assert len(api_call(client, "GET", PERIODS, key).json()["results"]) == 1
    ReportingPeriod.objects.create(
        plan=Plan.objects.get(), kind=ReportingPeriod.Kind.YEAR, year=2026, title="Năm",
        cutoff_start=date(2025, 12, 15), cutoff_end=date(2026, 12, 14),
        due_date=date(2026, 12, 15))
    with CaptureQueriesContext(connection) as more_periods:
        assert len(api_call(client, "GET", PERIODS, key).json()["results"]) == 2
    assert len(more_periods) == len(periods)


# --- report_get ---------------------------------------------------------------------------

def test_it_reads_one_report_with_its_items(client, world):
    report = _report(world.agency, extra_tasks=1)
    helped = PlanTask.objects.create(plan=report.period.plan, section="IV.9", order=9,
                                     text="Phối hợp", lead=world.other_agency,
                                     due_date=date(2026, 12, 31))
    helped.coordinating.add(world.agency)
    ReportItem.objects.create(report=report, task=helped, status="in_progress",
                              results="Đã phối hợp", figures="3 cuộc")
    Report.objects.filter(pk=report.pk).update(summary="Tổng quan")
    response = api_call(client, "GET", _url(report), key_for(world.user(Role.AGENCY_REPORTER)))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["state"], body["summary"], body["is_editable"],
            body["review_comment"]) == (report.pk, "draft", "Tổng quan", True, "")
    assert body["item_counts"]["total"] == 3
    assert [item["task_detail"]["section"] for item in body["items"]] == ["IV.1", "IV.2",
                                                                          "IV.9"]
    last = body["items"][-1]
    assert last == {
        "id": last["id"], "role": "coordinating", "status": "in_progress",
        "results": "Đã phối hợp", "difficulties": "", "proposals": "", "figures": "3 cuộc",
        "task": helped.pk,
        "task_detail": {"id": helped.pk, "section": "IV.9", "text": "Phối hợp",
                        "lead": world.other_agency.pk, "kind": "order",
                        "due_date": "2026-12-31"}}
    assert body["items"][0]["role"] == "lead" and body["items"][0]["status"] == ""
    # The city reads it too; another province's city does not.
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert api_call(client, "GET", _url(report), city).status_code == 200
    far_city = key_for(world.user(Role.CITY_COORDINATOR, own=False))
    assert api_call(client, "GET", _url(report), far_city).status_code == 404
    # An id past 64 bits is no route: a 404 problem, not a server error.
    huge = api_call(client, "GET", f"{REPORTS}{2**63}/", city)
    assert huge.status_code == 404


def test_it_reads_a_report_in_a_flat_number_of_queries(client, world):
    report = _report(world.agency)
    key = key_for(world.user(Role.AGENCY_REPORTER))
    api_call(client, "GET", _url(report), key)
    with CaptureQueriesContext(connection) as one:
        api_call(client, "GET", _url(report), key)
    for n in range(10):
        task = PlanTask.objects.create(plan=report.period.plan, section=f"IV.{n + 5}",
                                       order=n + 5, text=f"Thêm {n}", lead=world.agency)
        ReportItem.objects.create(report=report, task=task)
    with CaptureQueriesContext(connection) as eleven:
        response = api_call(client, "GET", _url(report), key)
    assert len(response.json()["items"]) == 11
    assert len(eleven) == len(one)


def test_it_keeps_report_get_within_the_ward(client, world):
    own = _report(_committee(world, world.ward))
    other = _report(_committee(world, world.other_ward))
    key = key_for(world.user(Role.WARD_COMMITTEE))
    assert api_call(client, "GET", _url(own), key).status_code == 200
    response = api_call(client, "GET", _url(other), key)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "items" not in response.json()
    # Nor does a body's report lie in a ward's scope.
    assert api_call(client, "GET", _url(_report(world.agency)), key).status_code == 404


# --- report_write -------------------------------------------------------------------------

def test_it_saves_a_draft_as_the_report_form_does(client, world):
    report = _report(world.agency, extra_tasks=1)
    first, second = report.items.order_by("task__order")
    ReportItem.objects.filter(pk=second.pk).update(results="Giữ nguyên", status="done")
    reporter = world.user(Role.AGENCY_REPORTER)
    response = api_call(client, "PUT", _url(report), key_for(reporter), {
        "summary": "  Tổng quan  ", "revision": 0,
        "items": [{"task": first.task_id, "status": "in_progress", "results": "Đã làm",
                   "figures": "12 buổi"},
                  {"task": second.task_id, "proposals": "Bổ sung kinh phí"}]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["summary"], body["revision"]) == ("draft", "Tổng quan", 1)
    items = {item["task"]: item for item in body["items"]}
    assert (items[first.task_id]["status"], items[first.task_id]["results"],
            items[first.task_id]["figures"]) == ("in_progress", "Đã làm", "12 buổi")
    # Fields not sent keep what is stored.
    assert (items[second.task_id]["status"], items[second.task_id]["results"],
            items[second.task_id]["proposals"]) == ("done", "Giữ nguyên", "Bổ sung kinh phí")
    entries = AuditEntry.objects.filter(via=_label(reporter))
    assert entries.filter(model="reports.reportitem", object_id=str(first.pk)).exists()
    assert entries.filter(model="reports.report", object_id=str(report.pk)).exists()
    # The summary is kept when not sent; without a revision the stored one is taken.
    again = api_call(client, "PUT", _url(report), key_for(reporter),
                     {"items": [{"task": first.task_id, "difficulties": "Thiếu người"}]})
    assert again.status_code == 200
    assert (again.json()["summary"], again.json()["revision"]) == ("Tổng quan", 2)


def test_it_takes_back_the_items_as_they_were_read(client, world):
    report = _report(world.agency, extra_tasks=1)
    key = key_for(world.user(Role.AGENCY_REPORTER))
    read = api_call(client, "GET", _url(report), key).json()
    for item in read["items"]:
        item.update(status="done", results=f"Xong {item['task_detail']['section']}")
    response = api_call(client, "PUT", _url(report), key, {
        "revision": read["revision"], "summary": "Đủ", "items": read["items"], "submit": True})
    assert response.status_code == 200, response.json()
    assert [item["results"] for item in response.json()["items"]] == ["Xong IV.1", "Xong IV.2"]
    assert response.json()["item_counts"]["done"] == 2


def test_it_submits_and_tells_whether_it_was_late(client, world):
    late = _report(world.agency)  # due 15/6/2026; the suite's clock is 25/11/2026
    on_time = _report(world.agency, year=2027)
    reporter = world.user(Role.AGENCY_REPORTER)
    key = key_for(reporter)
    for report, timeliness in ((late, "late"), (on_time, "on_time")):
        response = api_call(client, "PUT", _url(report), key, {
            "summary": "Đã hoàn thành", "submit": True,
            "items": [{"task": _task(report), "status": "done"}]})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["state"], body["timeliness"], body["is_late"], body["is_editable"]) == (
            "submitted", timeliness, timeliness == "late", False)
        stored = Report.objects.get(pk=report.pk)
        assert stored.submitted_by == reporter and stored.submitted_at is not None
    # A submitted report is locked, as on the page: nothing more is saved.
    before = _snapshot(late)
    locked = api_call(client, "PUT", _url(late), key, {"summary": "Sửa sau khi gửi"})
    assert locked.status_code == 400
    assert _snapshot(late) == before
    # Once returned by the city it may be edited and submitted again.
    from reports.report_services import report_return

    report_return(actor=world.user(Role.CITY_COORDINATOR), report=late, comment="Bổ sung")
    again = api_call(client, "PUT", _url(late), key, {"summary": "Đã bổ sung", "submit": True})
    assert again.status_code == 200 and again.json()["state"] == "submitted"


def test_it_refuses_to_submit_an_incomplete_report_and_saves_nothing(client, world, english):
    report = _report(world.agency, extra_tasks=1)
    before = _snapshot(report)
    response = api_call(client, "PUT", _url(report), key_for(world.user(Role.AGENCY_REPORTER)),
                        {"summary": "Tổng quan", "submit": True,
                         "items": [{"task": _task(report), "status": "done"}]})
    assert response.status_code == 400
    assert "Every task needs a status" in response.json()["detail"]
    assert _snapshot(report) == before


def _good(task: int) -> dict[str, Any]:
    return {"task": task, "status": "done", "results": "Tốt"}


# Each body: a good item first (task t), then something wrong (o: the report's other task),
# so that the wrong value must undo the good one too.
WRONG: list[tuple[Any, str]] = [
    (lambda t, o: {"items": [_good(t), {"task": o, "status": "finished"}]}, "items.1.status"),
    (lambda t, o: {"items": [_good(t), {"status": "done"}]}, "items.1.task"),
    (lambda t, o: {"items": [_good(t), {"task": "IV.1"}]}, "items.1.task"),
    (lambda t, o: {"items": [_good(t), {"task": 2**63}]}, "items.1.task"),
    (lambda t, o: {"items": [_good(t), {"task": 0}]}, "items.1.task"),
    (lambda t, o: {"items": [_good(t), {"task": None}]}, "items.1.task"),
    (lambda t, o: {"items": [_good(t), {"task": o, "figures": "x" * 501}]}, "items.1.figures"),
    (lambda t, o: {"items": [_good(t), {"task": o, "results": "a\x00b"}]}, "items.1.results"),
    (lambda t, o: {"items": [_good(t), {"task": o, "proposals": ["a"]}]}, "items.1.proposals"),
    (lambda t, o: {"items": [_good(t), {"task": o, "difficulties": "x" * 50_001}]},
     "items.1.difficulties"),
    (lambda t, o: {"items": [_good(t), "x"]}, "items.1"),
    (lambda t, o: {"items": _good(t)}, "items"),
    (lambda t, o: {"items": [_good(t)] * 1001}, "items"),
    (lambda t, o: {"items": [_good(t)], "summary": "\x00"}, "summary"),
    (lambda t, o: {"items": [_good(t)], "summary": {"a": 1}}, "summary"),
    (lambda t, o: {"items": [_good(t)], "summary": "x" * 50_001}, "summary"),
    (lambda t, o: {"items": [_good(t)], "revision": -1}, "revision"),
    (lambda t, o: {"items": [_good(t)], "revision": 2**64}, "revision"),
    (lambda t, o: {"items": [_good(t)], "revision": "abc"}, "revision"),
    (lambda t, o: {"items": [_good(t)], "submit": "perhaps"}, "submit"),
]


@pytest.mark.parametrize(("make", "field"), WRONG)
def test_it_saves_nothing_when_one_value_is_wrong(client, world, make, field):
    report = _report(world.agency, extra_tasks=1)
    task = _task(report)
    other = report.items.exclude(task_id=task).get().task_id
    reporter = world.user(Role.AGENCY_REPORTER)
    before = _snapshot(report)
    response = api_call(client, "PUT", _url(report), key_for(reporter), make(task, other))
    assert response.status_code == 400, response.json()
    assert response["Content-Type"] == "application/problem+json"
    # A list or an item that is not an object is named with DRF's "non_field_errors" after it.
    assert any(error["field"] in (field, f"{field}.non_field_errors")
               for error in response.json()["errors"]), response.json()
    assert _snapshot(report) == before
    assert not AuditEntry.objects.filter(via=_label(reporter)).exists()


def test_it_refuses_tasks_the_report_does_not_hold(client, world):
    report = _report(world.agency)
    foreign = _report(world.other_agency)
    task = _task(report)
    key = key_for(world.user(Role.AGENCY_REPORTER))
    before = _snapshot(report)
    for items, field in (([{"task": task, "status": "done"}, {"task": _task(foreign)}],
                          "items.1.task"),
                         ([{"task": task, "status": "done"}, {"task": task}], "items.1.task"),
                         ([{"task": 2**62}], "items.0.task")):
        response = api_call(client, "PUT", _url(report), key, {"summary": "X", "items": items})
        assert response.status_code == 400, items
        assert [e["field"] for e in response.json()["errors"]] == [field]
        assert _snapshot(report) == before


def test_it_refuses_a_stale_revision_and_a_body_that_is_not_an_object(client, world):
    report = _report(world.agency)
    key = key_for(world.user(Role.AGENCY_REPORTER))
    Report.objects.filter(pk=report.pk).update(revision=3)
    before = _snapshot(report)
    stale = api_call(client, "PUT", _url(report), key, {"summary": "Cũ", "revision": 2})
    assert stale.status_code == 400
    assert _snapshot(report) == before
    for body in ([], "text", 5):
        response = api_call(client, "PUT", _url(report), key, body)
        assert response.status_code == 400, body
    not_json = client.put(_url(report), data="{", content_type="application/json",
                          headers={"Authorization": f"Bearer {key}"})
    assert not_json.status_code == 400
    assert _snapshot(report) == before


def test_it_lets_only_those_who_write_reports_write_them(client, world):
    report = _report(world.agency)
    body = {"summary": "Ghi", "items": [{"task": _task(report), "status": "done"}]}
    before = _snapshot(report)
    # The city leader reads reports but does not write them: 403.
    leader = api_call(client, "PUT", _url(report), key_for(world.user(Role.CITY_LEADER)), body)
    assert leader.status_code == 403
    # A read-only key of the body's own reporter.
    reporter = world.user(Role.AGENCY_REPORTER)
    read_only = api_call(client, "PUT", _url(report), key_for(reporter, read_only=True), body)
    assert read_only.status_code == 403
    # Another province's body: out of reach of this province's coordinator.
    far = _report(other_province_agency(world))
    far_before = _snapshot(far)
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert api_call(client, "PUT", _url(far), city,
                    {"summary": "X", "items": [{"task": _task(far)}]}).status_code == 404
    assert _snapshot(report) == before and _snapshot(far) == far_before
    # POST is not an operation here: reports are opened with their period.
    assert api_call(client, "POST", REPORTS, city, {"agency": world.agency.pk}).status_code == 405
    assert api_call(client, "GET", f"{REPORTS}999999/", city).status_code == 404


def test_it_keeps_report_write_within_the_ward(client, world):
    own = _report(_committee(world, world.ward))
    other = _report(_committee(world, world.other_ward))
    committee = world.user(Role.WARD_COMMITTEE)
    key = key_for(committee)
    before = _snapshot(other)
    response = api_call(client, "PUT", _url(other), key, {
        "summary": "Ghi đè", "submit": True,
        "items": [{"task": _task(other), "status": "done"}]})
    assert response.status_code == 404
    assert _snapshot(other) == before
    assert not AuditEntry.objects.filter(via=_label(committee)).exists()
    # Its own committee's report it writes and submits.
    done = api_call(client, "PUT", _url(own), key, {
        "summary": "Phường đã thực hiện", "submit": True,
        "items": [{"task": _task(own), "status": "done"}]})
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert AuditEntry.objects.filter(via=_label(committee), model="reports.report",
                                     object_id=str(own.pk)).exists()
    assert _snapshot(other) == before
    # The ward's police chief may not write the committee's report.
    chief = user_with_role(Role.WARD_CHIEF, org_unit=world.ward)
    assert api_call(client, "PUT", _url(own), key_for(chief),
                    {"summary": "X"}).status_code == 404
