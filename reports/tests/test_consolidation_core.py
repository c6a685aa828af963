"""The consolidated city report: drafted from the bodies' reports, edited, exported."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from accounts.models import Role
from reports import consolidation
from reports.models import Report, ReportItem
from testing.factories import report_for

pytestmark = pytest.mark.django_db
S = Report.State
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _fill(report: Report, state: str, *, results: str, day: int = 10) -> Report:
    item = report.items.first() or ReportItem.objects.create(
        report=report, task=report.period.plan.tasks.get())
    item.status = ReportItem.Status.IN_PROGRESS
    item.results = results
    item.difficulties = f"Khó khăn của {report.agency.name}"
    item.proposals = f"Đề xuất của {report.agency.name}"
    item.save()
    report.state = state
    report.submitted_at = datetime(2026, 6, day, 9, tzinfo=HANOI)
    report.save()
    return report


@pytest.fixture
def accepted(world):
    world.agency.short_name = "STP"
    world.agency.save()
    return _fill(report_for(world.agency), S.ACCEPTED, results="Đã phổ biến 120 buổi")


def test_it_gathers_the_accepted_results_prefixed_with_the_bodys_short_name(accepted):
    draft = consolidation.consolidated_draft(period=accepted.period)
    assert "- STP: Đã phổ biến 120 buổi" in draft.results


def test_it_marks_a_submitted_report_not_yet_accepted(accepted, world):
    other = Report.objects.create(period=accepted.period, agency=world.other_agency)
    _fill(other, S.SUBMITTED, results="Đang rà soát")
    draft = consolidation.consolidated_draft(period=accepted.period)
    assert "- Sở Xây dựng (chưa duyệt): Đang rà soát" in draft.results


def test_it_leaves_out_draft_and_returned_reports(accepted, world):
    other = Report.objects.create(period=accepted.period, agency=world.other_agency)
    _fill(other, S.RETURNED, results="Bản bị trả lại")
    draft = consolidation.consolidated_draft(period=accepted.period)
    assert "Bản bị trả lại" not in draft.results


def test_it_counts_bodies_on_time_late_and_missing(accepted, world):
    late = Report.objects.create(period=accepted.period, agency=world.other_agency)
    _fill(late, S.SUBMITTED, results="Muộn", day=20)
    counts = consolidation.timeliness(accepted.period)
    assert (counts.on_time, counts.late, counts.missing) == (1, 1, 0)


def test_it_gathers_difficulties_and_proposals(accepted):
    draft = consolidation.consolidated_draft(period=accepted.period)
    assert draft.difficulties == "- STP: Khó khăn của Sở Tư pháp"
    assert draft.proposals == "- STP: Đề xuất của Sở Tư pháp"


def test_it_keeps_edits_when_drafted_again_without_redraft(accepted, world):
    draft = consolidation.consolidated_draft(period=accepted.period)
    consolidation.consolidated_save(
        actor=world.user(Role.CITY_COORDINATOR), consolidated=draft, introduction="Sửa tay",
        results="Kết quả sửa", difficulties="", proposals="",
        version=consolidation.version_of(draft))
    again = consolidation.consolidated_draft(period=accepted.period)
    assert (again.introduction, again.results) == ("Sửa tay", "Kết quả sửa")


def test_it_replaces_edits_on_a_confirmed_redraft(accepted):
    draft = consolidation.consolidated_draft(period=accepted.period)
    draft.results = "Kết quả sửa"
    draft.save()
    again = consolidation.consolidated_draft(period=accepted.period, redraft=True)
    assert "Đã phổ biến 120 buổi" in again.results


def test_it_refuses_a_save_over_a_newer_one(accepted, world, english):
    coordinator = world.user(Role.CITY_COORDINATOR)
    draft = consolidation.consolidated_draft(period=accepted.period)
    with pytest.raises(ValidationError, match="Someone saved"):
        consolidation.consolidated_save(
            actor=coordinator, consolidated=draft, introduction="x", results="", difficulties="",
            proposals="", version="2000-01-01T00:00:00+00:00")


def test_it_exports_a_docx_with_the_bodys_text(accepted):
    draft = consolidation.consolidated_draft(period=accepted.period)
    document = Document(io.BytesIO(consolidation.consolidated_docx(draft)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "STP: Đã phổ biến 120 buổi" in text


def test_it_heads_the_docx_with_the_city_police_under_the_ministry(accepted):
    # The city police belongs to the Ministry of Public Security, not to the city.
    draft = consolidation.consolidated_draft(period=accepted.period)
    document = Document(io.BytesIO(consolidation.consolidated_docx(draft)))
    letterhead = document.tables[0].rows[0].cells[0].text
    number = document.tables[0].rows[1].cells[0].text
    assert letterhead.strip() == "BỘ CÔNG AN\nCÔNG AN THÀNH PHỐ HÀ NỘI"
    assert number == "Số: …/BC-CAHN"


def test_it_tables_each_tasks_status_per_body(accepted):
    draft = consolidation.consolidated_draft(period=accepted.period)
    document = Document(io.BytesIO(consolidation.consolidated_docx(draft)))
    status_table = document.tables[1]
    assert [c.text for c in status_table.rows[1].cells][2:] == ["STP", "Đang thực hiện"]
