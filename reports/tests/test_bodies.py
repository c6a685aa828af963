"""Bodies as they are after the 2025 reorganisation, and every ward's People's Committee
reporting on its own (issue 20)."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from reports.models import PlanTask, Report
from reports.services import period_open_regular, reporting_bodies
from testing.factories import AgencyFactory, WardFactory, plan_with_task, user_with_role
from units.models import Agency, AgencyMerger

pytestmark = pytest.mark.django_db


def _merge(successor, predecessors, day):
    merger = AgencyMerger.objects.create(successor=successor, effective_date=day)
    merger.predecessors.set(predecessors)
    for body in predecessors:
        if body.pk != successor.pk:
            body.valid_to = date.fromordinal(day.toordinal() - 1)
            body.save(update_fields=["valid_to"])


def test_it_passes_both_predecessors_assignments_to_the_merged_body(world):
    planning = AgencyFactory(province=world.province, name="Sở Kế hoạch và Đầu tư")
    finance = AgencyFactory(province=world.province, name="Sở Tài chính")
    plan = plan_with_task(world.province, world.agency)
    PlanTask.objects.create(plan=plan, section="IV.10", text="Bố trí vốn", lead=planning)
    PlanTask.objects.create(plan=plan, section="IV.11", text="Bảo đảm kinh phí", lead=finance)
    before = period_open_regular(plan=plan, kind="year", year=2024)
    _merge(finance, [finance, planning], date(2025, 3, 1))
    after = period_open_regular(plan=plan, kind="year", year=2025)
    # The report of 2024 stays with the old body under its old name.
    old = Report.objects.get(period=before, agency=planning)
    assert old.agency.name == "Sở Kế hoạch và Đầu tư"
    assert [i.task.text for i in old.items.all()] == ["Bố trí vốn"]
    # From the merger, the successor reports on both bodies' tasks; the old one no more.
    assert not Report.objects.filter(period=after, agency=planning).exists()
    merged = Report.objects.get(period=after, agency=finance)
    assert sorted(i.task.text for i in merged.items.all()) == ["Bảo đảm kinh phí",
                                                                "Bố trí vốn"]


def test_it_sends_a_new_body_the_assignments_of_the_bodies_it_replaced(world):
    board_a = AgencyFactory(province=world.province, kind="party", name="Ban Tuyên giáo")
    board_b = AgencyFactory(province=world.province, kind="party", name="Ban Dân vận")
    merged = AgencyFactory(province=world.province, kind="party",
                           name="Ban Tuyên giáo và Dân vận", valid_from=date(2025, 3, 1))
    plan = plan_with_task(world.province, world.agency)
    PlanTask.objects.create(plan=plan, section="IV.16", text="Tuyên truyền", lead=board_a)
    task_b = PlanTask.objects.create(plan=plan, section="IV.17", text="Vận động",
                                     lead=board_b)
    task_b.coordinating.add(world.agency)
    _merge(merged, [board_a, board_b], date(2025, 3, 1))
    assert merged in reporting_bodies(plan, date(2025, 6, 14))
    assert board_a not in reporting_bodies(plan, date(2025, 6, 14))
    assert board_a in reporting_bodies(plan, date(2024, 6, 14))
    assert merged not in reporting_bodies(plan, date(2024, 6, 14))


def test_it_opens_a_report_for_every_wards_peoples_committee(world):
    generic = AgencyFactory(province=world.province, kind="local_committee", plan_item=25,
                            name="UBND các phường, xã")
    plan = plan_with_task(world.province, world.agency)
    PlanTask.objects.create(plan=plan, section="IV.25", text="Bố trí trụ sở", lead=generic)
    wards = [world.ward, world.other_ward, *(WardFactory(parent=world.province)
                                             for _ in range(124))]
    for ward in wards:
        AgencyFactory(province=world.province, kind="local_committee", plan_item=25,
                      org_unit=ward, name=f"UBND {ward.name}")
    period = period_open_regular(plan=plan, kind="half_year", year=2026)
    committees = Report.objects.filter(period=period, agency__org_unit__isnull=False)
    assert committees.count() == 126
    assert not Report.objects.filter(period=period, agency=generic).exists()
    assert all(r.items.count() == 1 for r in committees[:3])
    # The ward's committee writes its own, and only its own, report.
    from accounts.permissions import Action, can

    committee_user = world.user(Role.WARD_COMMITTEE)
    own = committees.get(agency__org_unit=world.ward)
    other = committees.get(agency__org_unit=world.other_ward)
    assert can(committee_user, Action.REPORT_EDIT, own)
    assert not can(committee_user, Action.REPORT_EDIT, other)
    assert not can(world.user(Role.WARD_CHIEF), Action.REPORT_EDIT, own)
    from core.worklist import items_for

    keys = {i.key for i in items_for(committee_user, date(2026, 6, 1))}
    assert f"report-{own.pk}" in keys and f"report-{other.pk}" not in keys
    # The consolidated report counts them on one line.
    from reports.consolidation import _body_rows

    rows = _body_rows(period)
    assert ("UBND các phường, xã (126 đơn vị)", "0 đúng hạn, 0 gửi muộn, 126 chưa gửi",
            "—") in rows
    assert len(rows) < 10


def test_it_marks_requests_to_bodies_outside_the_committee(world):
    from reports.plan_services import plan_load
    from units.services import agencies_load, units_load

    units_load(province_code="01")
    agencies_load(province_code="01")
    plan_load(province_code="01")
    requests = PlanTask.objects.filter(kind=PlanTask.Kind.REQUEST)
    assert requests.exists()
    assert set(requests.values_list("lead__kind", flat=True)) <= set(
        PlanTask.REQUESTED_BODIES)
    assert not PlanTask.objects.filter(kind=PlanTask.Kind.ORDER,
                                       lead__kind__in=PlanTask.REQUESTED_BODIES).exists()
    steering = Agency.objects.get(kind=Agency.Kind.STEERING)
    assert steering.members.filter(code="cong-an-thanh-pho").exists()
    assert steering.members.count() == 10


def test_it_lets_the_successors_reporter_read_its_predecessors_reports(world):
    from accounts.permissions import Action, can

    planning = AgencyFactory(province=world.province, name="Sở Kế hoạch và Đầu tư")
    finance = AgencyFactory(province=world.province, name="Sở Tài chính")
    plan = plan_with_task(world.province, world.agency)
    PlanTask.objects.create(plan=plan, section="IV.10", text="Bố trí vốn", lead=planning)
    before = period_open_regular(plan=plan, kind="year", year=2024)
    old = Report.objects.get(period=before, agency=planning)
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=finance)
    assert not can(reporter, Action.REPORT_VIEW, old)
    _merge(finance, [finance, planning], date(2025, 3, 1))
    reporter = type(reporter).objects.get(pk=reporter.pk)  # a new request: fresh assignments
    assert can(reporter, Action.REPORT_VIEW, old)
    from accounts.permissions import scope

    assert old in scope(reporter, Report.objects.all(), Action.REPORT_VIEW)
    other = user_with_role(Role.AGENCY_REPORTER, agency=world.other_agency)
    assert not can(other, Action.REPORT_VIEW, old)


def test_it_counts_every_wards_committee_on_the_timeliness_board(world):
    from reports.consolidation import timeliness

    generic = AgencyFactory(province=world.province, kind="local_committee", plan_item=25)
    plan = plan_with_task(world.province, world.agency)
    PlanTask.objects.create(plan=plan, section="IV.25", text="Trụ sở", lead=generic)
    for ward in [world.ward, world.other_ward, *(WardFactory(parent=world.province)
                                                 for _ in range(124))]:
        AgencyFactory(province=world.province, kind="local_committee", plan_item=25,
                      org_unit=ward)
    period = period_open_regular(plan=plan, kind="year", year=2026)
    assert timeliness(period).total == 126 + 1  # the committees and the lead body


def test_it_prints_the_systems_figures_in_the_consolidated_report(world):
    import io

    from docx import Document

    from reports.consolidation import consolidated_docx, consolidated_draft
    from testing.factories import assessment_for

    assessment_for(world.ward)
    plan = plan_with_task(world.province, world.agency)
    period = period_open_regular(plan=plan, kind="year", year=2026)
    coordinator = world.user(Role.CITY_COORDINATOR)
    draft = consolidated_draft(period=period, actor=coordinator)
    text = "\n".join(p.text for p in Document(io.BytesIO(
        consolidated_docx(draft, coordinator))).paragraphs)
    assert "VI. MỘT SỐ KẾT QUẢ CHỦ YẾU (SỐ LIỆU TRÊN HỆ THỐNG)" in text
    assert "Hồ sơ năm 2026 theo bước: Đang soạn 1." in text
    without = "\n".join(p.text for p in Document(io.BytesIO(
        consolidated_docx(draft))).paragraphs)
    assert "SỐ LIỆU TRÊN HỆ THỐNG" not in without
