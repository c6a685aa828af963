"""The consolidated city report: drafted from the bodies' reports, edited, exported."""

from __future__ import annotations

import io
from datetime import date, datetime
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


def test_it_tables_each_bodys_report_and_the_progress_of_its_tasks(accepted, world):
    Report.objects.create(period=accepted.period, agency=world.other_agency)
    draft = consolidation.consolidated_draft(period=accepted.period)
    document = Document(io.BytesIO(consolidation.consolidated_docx(draft)))
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["STT", "Cơ quan, đơn vị", "Báo cáo", "Tiến độ các nhiệm vụ"]
    # One row per body that owes a report, whatever the number of tasks.
    assert sorted(rows[1:]) == [["1", "STP", "Đúng hạn (10/06/2026)", "IV.1: Đang thực hiện"],
                                ["2", "Sở Xây dựng", "Chưa gửi", "—"]]


def _tasks(plan, *sections):
    from reports.models import PlanTask

    for order, section in enumerate(sections, start=10):
        PlanTask.objects.create(plan=plan, section=section, text=f"Việc {order}",
                                lead=plan.tasks.first().lead, order=order)


def test_it_letters_the_tasks_of_a_section_and_never_repeats_a_number(accepted):
    plan = accepted.period.plan
    _tasks(plan, *["IV.1"] * 6, "IV.2")
    labels = list(plan.task_labels().values())
    # The factory's task and six more in IV.1 take the Vietnamese letters; IV.2 stands alone.
    assert labels == ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d", "IV.1.đ", "IV.1.e", "IV.1.g",
                      "IV.2"]
    assert len(set(labels)) == len(labels)


def test_it_lists_the_tasks_nobody_reported_on_in_one_line(accepted):
    plan = accepted.period.plan
    _tasks(plan, "IV.1", "IV.2", "IV.2", "IV.3")
    results = consolidation.consolidated_draft(period=accepted.period).results.splitlines()
    # The reported task with its text and the body's line; the silent ones on one line, a
    # section by its number when none of its tasks was reported on.
    assert results == ["IV.1.a. Nhiệm vụ thử", "- STP: Đã phổ biến 120 buổi",
                       "- Các nhiệm vụ chưa có báo cáo kết quả: IV.1.b, IV.2, IV.3."]


def test_it_cites_the_plan_by_number_only_when_it_has_a_real_one(accepted):
    plan = accepted.period.plan
    plan.title = "Kế hoạch triển khai Chỉ thị số 31-CT/TU của Thành ủy về công an phường"
    plan.issued_on = date(2024, 6, 12)
    plan.save()
    draft = consolidation.consolidated_draft(period=accepted.period)
    assert draft.introduction.startswith(
        "Thực hiện Kế hoạch số 01/KH-TEST ngày 12/06/2024 của UBND Thành phố triển khai Chỉ "
        "thị số 31-CT/TU")
    plan.number = "KH-CT31"  # a placeholder, as loaded before the signed number is known
    plan.save()
    draft = consolidation.consolidated_draft(period=accepted.period, redraft=True)
    assert draft.introduction.startswith(
        "Thực hiện Kế hoạch của UBND Thành phố triển khai Chỉ thị số 31-CT/TU")
    document = Document(io.BytesIO(consolidation.consolidated_docx(draft)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KH-CT31" not in text
    assert ("Kết quả thực hiện Kế hoạch triển khai Chỉ thị số 31-CT/TU của Thành ủy "
            "trong 6 tháng đầu năm 2026") in text
