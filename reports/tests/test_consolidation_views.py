"""Screens of the consolidated report: who reads, who edits, and confirmed redrafts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from accounts.models import Role
from reports import consolidation
from reports.models import ConsolidatedReport, Report, ReportItem
from testing.clients import login
from testing.factories import report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    report = report_for(world.agency)
    item = ReportItem.objects.create(report=report, task=report.period.plan.tasks.get())
    item.status, item.results = ReportItem.Status.DONE, "Hoàn thành tập huấn"
    item.save()
    report.state = Report.State.ACCEPTED
    report.save()
    return report.period


def _as(client, user):
    login(client, user)
    return client


def _form(report: ConsolidatedReport, **changes: str) -> dict[str, str]:
    data = {name: getattr(report, name) for name in consolidation.SECTIONS}
    data["version"] = consolidation.version_of(report)
    return {**data, **changes}


def test_it_drafts_on_the_coordinators_request(client, world, period):
    _as(client, world.user(Role.CITY_COORDINATOR)).post(
        reverse("reports:consolidated_redraft", args=[period.pk]))
    assert "Hoàn thành tập huấn" in ConsolidatedReport.objects.get(period=period).results


def test_it_saves_the_coordinators_edits(client, world, period):
    report = consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_COORDINATOR)).post(
        reverse("reports:consolidated", args=[period.pk]), _form(report, results="Đã sửa"))
    assert response.status_code == 302
    assert ConsolidatedReport.objects.get(pk=report.pk).results == "Đã sửa"


def test_it_does_not_redraft_over_edits_without_confirmation(client, world, period):
    report = consolidation.consolidated_draft(period=period)
    report.results = "Đã sửa"
    report.save()
    _as(client, world.user(Role.CITY_COORDINATOR)).post(
        reverse("reports:consolidated_redraft", args=[period.pk]))
    assert ConsolidatedReport.objects.get(pk=report.pk).results == "Đã sửa"


def test_it_redrafts_over_edits_once_confirmed(client, world, period):
    report = consolidation.consolidated_draft(period=period)
    report.results = "Đã sửa"
    report.save()
    _as(client, world.user(Role.CITY_COORDINATOR)).post(
        reverse("reports:consolidated_redraft", args=[period.pk]), {"confirm": "yes"})
    assert "Hoàn thành tập huấn" in ConsolidatedReport.objects.get(pk=report.pk).results


def test_it_keeps_what_was_typed_when_the_save_is_stale(client, world, period, english):
    report = consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_COORDINATOR)).post(
        reverse("reports:consolidated", args=[period.pk]),
        _form(report, results="Văn bản của tôi", version="cũ"))
    assert response.status_code == 200
    assert "Văn bản của tôi" in response.content.decode()
    assert "Someone saved" in response.content.decode()


def test_it_lets_the_city_leader_read(client, world, period):
    consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_LEADER)).get(
        reverse("reports:consolidated", args=[period.pk]))
    assert "Hoàn thành tập huấn" in response.content.decode()


def test_it_forbids_the_city_leader_to_save(client, world, period):
    report = consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_LEADER)).post(
        reverse("reports:consolidated", args=[period.pk]), _form(report, results="x"))
    assert response.status_code == 403


def test_it_forbids_an_agency_reporter_to_edit(client, world, period):
    report = consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.AGENCY_REPORTER)).post(
        reverse("reports:consolidated", args=[period.pk]), _form(report, results="x"))
    assert response.status_code == 403


def test_it_forbids_an_agency_reporter_to_redraft(client, world, period):
    response = _as(client, world.user(Role.AGENCY_REPORTER)).post(
        reverse("reports:consolidated_redraft", args=[period.pk]))
    assert response.status_code == 403


def test_it_hides_the_period_from_another_provinces_coordinator(client, world, period):
    response = _as(client, world.user(Role.CITY_COORDINATOR, own=False)).get(
        reverse("reports:consolidated", args=[period.pk]))
    assert response.status_code == 404


def test_it_hides_the_docx_from_another_provinces_coordinator(client, world, period):
    consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_COORDINATOR, own=False)).get(
        reverse("reports:consolidated_docx", args=[period.pk]))
    assert response.status_code == 404


def test_it_downloads_the_docx_with_the_bodys_text(client, world, period):
    consolidation.consolidated_draft(period=period)
    response = _as(client, world.user(Role.CITY_LEADER)).get(
        reverse("reports:consolidated_docx", args=[period.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Sở Tư pháp: Hoàn thành tập huấn" in text
