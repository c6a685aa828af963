"""The city police's consolidated report for a period: drafted from the bodies' reports,
edited by the coordinator, exported as a Decree 30/2020 DOCX for the People's Committee.

The drafted text and the DOCX are document content in the official language, so they are
written in Vietnamese here, not translated through gettext.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from accounts.models import User
from accounts.permissions import Action, require
from core.documents import initials, official_document, place_name
from reports import figures as report_figures
from reports.models import ConsolidatedReport, PlanTask, Report, ReportingPeriod, ReportItem
from units.models import Agency

S = Report.State
# What the document calls each status; "not reported" when no counted report says anything.
STATUS_VI: dict[str, str] = {
    ReportItem.Status.NOT_STARTED: "Chưa triển khai",
    ReportItem.Status.IN_PROGRESS: "Đang thực hiện",
    ReportItem.Status.DONE: "Hoàn thành",
    ReportItem.Status.BLOCKED: "Vướng mắc",
}
# A submitted report the coordinator has not accepted yet still counts, but the reader must
# know its figures may change.
UNREVIEWED_VI = " (chưa duyệt)"
SECTIONS = ("introduction", "results", "difficulties", "proposals")


def short_name(agency: Agency) -> str:
    return agency.short_name or agency.name


def _counted_reports(period: ReportingPeriod) -> list[Report]:
    return list(
        Report.objects.filter(period=period, state__in=(S.ACCEPTED, S.SUBMITTED))
        .select_related("agency")
        .prefetch_related("items")
        .order_by("agency__plan_item", "agency__code")
    )


def _kind_phrase(period: ReportingPeriod) -> str:
    if period.kind == ReportingPeriod.Kind.HALF_YEAR:
        return f"trong 6 tháng đầu năm {period.year}"
    if period.kind == ReportingPeriod.Kind.YEAR:
        return f"trong năm {period.year}"
    return f"({period.title})"


@dataclass(frozen=True)
class Timeliness:
    total: int
    on_time: int
    late: int
    missing: int


def timeliness(period: ReportingPeriod) -> Timeliness:
    """How many bodies reported by the deadline, after it, or not at all (returned reports
    count as not reported: the body still owes a usable one)."""
    on_time = late = missing = 0
    for state, submitted_at in Report.objects.filter(period=period).values_list(
        "state", "submitted_at"
    ):
        if state not in (S.SUBMITTED, S.ACCEPTED):
            missing += 1
        elif submitted_at is not None and period.is_late(submitted_at):
            late += 1
        else:
            on_time += 1
    return Timeliness(on_time + late + missing, on_time, late, missing)


def _prefix(report: Report) -> str:
    mark = UNREVIEWED_VI if report.state == S.SUBMITTED else ""
    return f"- {short_name(report.agency)}{mark}: "


def _draft_sections(period: ReportingPeriod) -> dict[str, str]:
    plan = period.plan
    reports = _counted_reports(period)
    count = timeliness(period)
    # "Kế hoạch triển khai Chỉ thị …" → "Thực hiện Kế hoạch số … của UBND … triển khai …".
    purpose = plan.title.removeprefix("Kế hoạch ").removeprefix("kế hoạch ")
    intro = (
        f"Thực hiện {plan.citation()} {purpose}, Công an "
        f"{plan.province.name} tổng hợp kết quả thực hiện {_kind_phrase(period)} (số liệu từ ngày "
        f"{period.cutoff_start:%d/%m/%Y} đến ngày {period.cutoff_end:%d/%m/%Y}). "
        f"Trong tổng số {count.total} cơ quan, đơn vị phải báo cáo, {count.on_time} cơ quan, "
        f"đơn vị gửi báo cáo đúng hạn (trước ngày {period.due_date:%d/%m/%Y}), {count.late} "
        f"gửi muộn, {count.missing} chưa gửi báo cáo."
    )
    tasks = list(PlanTask.objects.filter(plan=plan).order_by("order", "pk"))
    labels = plan.task_labels()
    by_task: dict[int, list[str]] = defaultdict(list)
    difficulties: list[str] = []
    proposals: list[str] = []
    for report in reports:
        for item in report.items.all():
            if item.results.strip():
                by_task[item.task_id].append(_prefix(report) + item.results.strip())
            if item.difficulties.strip():
                difficulties.append(_prefix(report) + item.difficulties.strip())
            if item.proposals.strip():
                proposals.append(_prefix(report) + item.proposals.strip())
    results: list[str] = []
    for task in tasks:
        if task.pk in by_task:
            results.append(f"{labels[task.pk]}. {task.text}")
            results.extend(by_task[task.pk])
    silent = _silent_sections(tasks, labels, set(by_task))
    if silent:
        # One line, not one "Chưa báo cáo" per task: most tasks are silent early in a period.
        results.append(f"- Các nhiệm vụ chưa có báo cáo kết quả: {', '.join(silent)}.")
    return {
        "introduction": intro,
        "results": "\n".join(results),
        "difficulties": "\n".join(dict.fromkeys(difficulties)),
        "proposals": "\n".join(dict.fromkeys(proposals)),
    }


def _silent_sections(tasks: list[PlanTask], labels: dict[int, str],
                     reported: set[int]) -> list[str]:
    """The labels of the tasks nobody reported on, a whole section by its number."""
    sections: dict[str, list[PlanTask]] = defaultdict(list)
    for task in tasks:
        sections[task.section].append(task)
    silent = []
    for section, members in sections.items():
        unreported = [t for t in members if t.pk not in reported]
        if len(unreported) == len(members):
            silent.append(section)
        else:
            silent.extend(labels[t.pk] for t in unreported)
    return silent


def _require_review(actor: User | None, period: ReportingPeriod) -> None:
    # None: the system itself drafts (a task), not a person.
    if actor is not None:
        require(actor, Action.REPORT_REVIEW, period.plan.province)


@transaction.atomic
def consolidated_draft(*, period: ReportingPeriod, redraft: bool = False,
                       actor: User | None = None) -> ConsolidatedReport:
    """The period's consolidated report, drafted from the accepted and submitted reports.

    An existing report is returned untouched unless `redraft` is set: the coordinator's
    edits are only replaced when they have asked for that (the view confirms first).
    """
    _require_review(actor, period)
    consolidated, created = ConsolidatedReport.objects.select_for_update().get_or_create(
        period=period
    )
    if created or redraft:
        for name, text in _draft_sections(period).items():
            setattr(consolidated, name, text)
        consolidated.updated_by = actor
        consolidated.save()
    return consolidated


def version_of(consolidated: ConsolidatedReport) -> str:
    """A token of the saved text, so a save over someone else's newer save is refused."""
    return consolidated.updated_at.isoformat() if consolidated.updated_at else ""


@transaction.atomic
def consolidated_save(*, actor: User, consolidated: ConsolidatedReport, introduction: str,
                      results: str, difficulties: str, proposals: str,
                      version: str) -> ConsolidatedReport:
    _require_review(actor, consolidated.period)
    current = ConsolidatedReport.objects.select_for_update().get(pk=consolidated.pk)
    if version != version_of(current):
        raise ValidationError(_("Someone saved this report after you opened it. Copy your "
                                "text, reload the page and apply your changes again."))
    current.introduction = introduction.strip()
    current.results = results.strip()
    current.difficulties = difficulties.strip()
    current.proposals = proposals.strip()
    current.updated_by = actor
    current.save()
    return current


# --- DOCX -----------------------------------------------------------------------------------

def _lines(doc: Any, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())


def _report_state(report: Report, period: ReportingPeriod) -> str:
    """How the body stands with its report, in the words of a timeliness table."""
    if report.state in (S.SUBMITTED, S.ACCEPTED) and report.submitted_at is not None:
        sent = f"{timezone.localtime(report.submitted_at):%d/%m/%Y}"
        late = period.is_late(report.submitted_at)
        return f"{'Gửi muộn' if late else 'Đúng hạn'} ({sent})" + (
            UNREVIEWED_VI if report.state == S.SUBMITTED else "")
    if report.state == S.RETURNED:
        return "Bị trả lại, chưa gửi lại"
    return "Chưa gửi"


def _body_rows(period: ReportingPeriod) -> list[tuple[str, str, str]]:
    """(body, report, progress of its tasks) for every body that owes a report: one row
    per body, so the table stays as long as the list of bodies, not bodies × tasks."""
    labels = period.plan.task_labels()
    position = {pk: index for index, pk in enumerate(labels)}
    reports = (Report.objects.filter(period=period).select_related("agency")
               .prefetch_related("items").order_by("agency__plan_item", "agency__code"))
    rows = []
    committees = [r for r in reports if r.agency.org_unit_id]
    for report in reports:
        if report.agency.org_unit_id:
            continue  # the wards' People's Committees: one line below, not 126
        progress = "—"
        if report.state in (S.SUBMITTED, S.ACCEPTED):
            items = sorted((i for i in report.items.all() if i.status),
                           key=lambda i: position.get(i.task_id, 0))
            progress = "; ".join(f"{labels.get(i.task_id, '')}: {STATUS_VI.get(i.status, '')}"
                                 for i in items) or "—"
        rows.append((short_name(report.agency), _report_state(report, period), progress))
    if committees:
        sent = [r.submitted_at for r in committees if r.state in (S.SUBMITTED, S.ACCEPTED)
                and r.submitted_at is not None]
        late = len([at for at in sent if at is not None and period.is_late(at)])
        rows.append((f"UBND các phường, xã ({len(committees)} đơn vị)",
                     f"{len(sent) - late} đúng hạn, {late} gửi muộn, "
                     f"{len(committees) - len(sent)} chưa gửi", "—"))
    return rows


def consolidated_docx(consolidated: ConsolidatedReport, actor: Any = None) -> bytes:
    """The city's report; with `actor`, also the system's figures as that user sees them
    (reports.figures)."""
    period = consolidated.period
    plan = period.plan
    province = plan.province.name
    place = place_name(province)
    doc = official_document(
        # The city police belongs to the Ministry of Public Security, not to the city.
        issuer_parent="Bộ Công an", issuer=f"Công an {province}",
        issuer_code=f"CA{initials(place)}", place=place,
        day=timezone.localdate(), title="Báo cáo",
        subtitle=f"Kết quả thực hiện {plan.short_citation()} {_kind_phrase(period)}",
    )
    doc.heading("I. TÌNH HÌNH BÁO CÁO")
    _lines(doc, consolidated.introduction)
    doc.heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    _lines(doc, consolidated.results)
    doc.heading("III. KHÓ KHĂN, VƯỚNG MẮC")
    _lines(doc, consolidated.difficulties or "Không.")
    doc.heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    _lines(doc, consolidated.proposals or "Không.")
    doc.heading("V. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    table = doc.table(["STT", "Cơ quan, đơn vị", "Báo cáo", "Tiến độ các nhiệm vụ"],
                      (Cm(1.2), Cm(5.3), Cm(3.8), Cm(6.2)))
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    for number, (body, state, progress) in enumerate(_body_rows(period), 1):
        doc.row(table, [str(number), body, state, progress], aligns=(center, left, left, left))
    figures = (report_figures.lines(actor, plan.province, period.year,
                                    min(period.cutoff_end, timezone.localdate()))
               if actor is not None else [])
    if figures:
        doc.heading("VI. MỘT SỐ KẾT QUẢ CHỦ YẾU (SỐ LIỆU TRÊN HỆ THỐNG)")
        for line in figures:
            doc.paragraph(line)
    doc.paragraph(f"Công an {province} kính báo cáo Ủy ban nhân dân Thành phố./."
                  if province.startswith("Thành phố")
                  else f"Công an {province} kính báo cáo Ủy ban nhân dân tỉnh./.")
    doc.sign_off(authority="Giám đốc",
                 recipients=["UBND Thành phố;" if province.startswith("Thành phố")
                             else "UBND tỉnh;", "Lưu: VT."])
    return doc.to_bytes()


def consolidated_filename(consolidated: ConsolidatedReport) -> str:
    period = consolidated.period
    return f"bao-cao-tong-hop-{period.kind}-{period.year}-{period.pk}.docx"
