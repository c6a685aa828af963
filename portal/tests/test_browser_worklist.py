"""Issue 20, "done when": each role's home page lists exactly the work waiting for it, each
item one click from where it is done — in a real browser and in Vietnamese.

On 25/11/2026 Phường Hoàn Kiếm (00070) prepares its 2026 recognition dossier (a draft,
due 10/12); the city's plan asks Sở Tư pháp and the ward's own People's Committee for their
yearly report (due 15/12); the ward registered its two residential groups for
"An toàn về ANTT" in March and its police assessed one of them, which meets the standard.
The indicator definitions are loaded and nobody has entered October's figures; the ward
police has not recorded its 2026 staffing; the Front has not opened its consultation.

Four people, each in a browser context of their own, open their home page:

- the ward police chief: the dossier to complete and submit, October's indicators, the 2026
  staffing, and the registered group still to assess;
- the ward People's Committee: its opinion on the dossier, its own yearly report, and the
  group to recognise;
- the ward Front: the residents' opinions to attach to the dossier, and the consultation to
  open before 1 December;
- Sở Tư pháp's reporter: its yearly report.

Each list is compared whole (its `data-key`s, computed here from the data set up: nothing
more, nothing less) and each item's deadline with the rule that sets it; then each item's
link is clicked and the page it opens checked (its address, its heading and what the person
acts with there), back home between clicks.

Work that must not show: Phường Ba Đình's dossier and its committee's report (another ward),
Sở Xây dựng's report (another body), the 6-monthly reports (due 15/06, more than 30 days
ago), the recognition round's registration (closed on 31/03, and the ward has its dossier),
the groups' registration (closed), training results (no course in a published plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Role
from consultations.models import consultation_last_day
from indicators.entry_services import indicator_definitions_load
from movement.models import SafetyAssessment
from movement.selectors import criteria_of, criteria_set_for
from movement.services import safety_assessment_save, safety_register, standard_sets_load
from reports.models import Report, ReportingPeriod
from reports.services import period_open_regular
from testing.browser import log_in, screenshot_if_asked
from testing.clock import hanoi
from testing.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    ResidentialGroupFactory,
    assessment_for,
    plan_with_task,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
HOME = re.compile(r"/$")
WARD_NAME = "Phường Hoàn Kiếm"
WARD_CODE = "00070"


@dataclass(frozen=True)
class Target:
    """Where an item's link must lead: the page's path (query included), its heading, and
    a locator (CSS) of what the person acts with there, with a text it must contain."""

    path: str
    heading: str
    acts_with: str
    acts_text: str = ""
    due: date | None = None  # the deadline the home page must show beside the item


def _register_and_assess_groups(world, chief, time_machine) -> tuple[str, str]:
    """In March the chief registers the ward's two groups (the service refuses after the
    deadline); in November he assesses the second one, which meets the standard. Returns
    the names of the group still to assess and of the group waiting for recognition."""
    second = ResidentialGroupFactory(parent=world.ward, code="HK02", name="Tổ dân phố số 2")
    time_machine.move_to(hanoi(YEAR, 3, 10))
    standard_sets_load()
    assert safety_register(actor=chief, ward=world.ward, year=YEAR,
                           groups=[world.group, second]) == 2
    time_machine.move_to(hanoi(YEAR, 11, 25))
    assessment = SafetyAssessment.objects.get(unit=second, year=YEAR)
    criteria = [c for c in criteria_of(assessment.criteria_set) if not c.is_computed]
    assert assessment.criteria_set == criteria_set_for("safe_group", YEAR)
    yes = dict.fromkeys((c.pk for c in criteria), "yes")
    assessed = safety_assessment_save(actor=chief, assessment=assessment, raw=yes,
                                      evidence=dict.fromkeys(yes, "Biên bản họp tổ"))
    assert assessed.meets is True  # the set-up itself: the committee has a group to recognise
    return world.group.name, second.name


def _targets(world, *, dossier, committee_report: Report, agency_report: Report,
             to_assess: str, to_recognise: str) -> dict[str, dict[str, Target]]:
    """Everything waiting for each person, by item key, with the page each item opens."""
    ward = world.ward
    due = dossier.submission_due()
    assert due == date(YEAR, 12, 10)  # the factories' round
    dossier_page = reverse("assessments:detail", args=[dossier.pk])
    dossier_heading = f"{WARD_NAME} — tự đánh giá năm {YEAR}"
    movement_page = reverse("movement:ward", args=[WARD_CODE, YEAR])
    month = date(YEAR, 10, 1)  # the month before today's: its figures are due
    return {
        "chief": {
            f"dossier-{dossier.pk}": Target(
                dossier_page, dossier_heading, "#refresh-sources", due=due),
            # Nobody entered October's figures (the definitions are loaded, no value is).
            f"indicators-{ward.pk}-{month:%Y-%m}": Target(
                reverse("indicators:entry", args=[WARD_CODE]) + f"?month={month:%Y-%m}",
                f"Số liệu hằng tháng của {WARD_NAME}", "input[name=month][value='2026-10']"),
            # No Staffing row for 2026: the force's page, with its staffing form.
            f"staffing-{ward.pk}-{YEAR}": Target(
                reverse("force:ward", args=[WARD_CODE, YEAR]),
                f"Công an {WARD_NAME} — {YEAR}", "#staffing-form"),
            # One group registered, not assessed; due by 31/12 from 1 October.
            f"safety-assess-{ward.pk}-{YEAR}": Target(
                movement_page, f"{WARD_NAME} — “An toàn về ANTT” năm {YEAR}", "#groups",
                to_assess, due=date(YEAR, 12, 31)),
        },
        "committee": {
            f"endorse-{dossier.pk}": Target(
                reverse("assessments:endorse", args=[dossier.pk]),
                f"Ý kiến của phường về hồ sơ của {WARD_NAME}, năm {YEAR}", "#endorse-form",
                due=due),
            f"report-{committee_report.pk}": Target(
                reverse("reports:report", args=[committee_report.pk]), f"Báo cáo năm {YEAR}",
                "dl.facts", committee_report.agency.name, due=committee_report.period.due_date),
            # The assessed group meets the standard and waits for the chairman's decision.
            f"safety-recognise-{ward.pk}-{YEAR}": Target(
                reverse("movement:recognise", args=[WARD_CODE, YEAR]),
                f"Công nhận tổ “An toàn về ANTT” năm {YEAR}", "#recognise-form", to_recognise),
        },
        "front": {
            f"opinions-{dossier.pk}": Target(
                dossier_page, dossier_heading, "#attach-opinions", due=due),
            # No campaign for 2026 and today is before 1 December.
            f"consultation-open-{ward.pk}-{YEAR}": Target(
                reverse("consultations:list"), "Ý kiến Nhân dân", "#campaign-form",
                due=consultation_last_day(YEAR)),
        },
        "reporter": {
            f"report-{agency_report.pk}": Target(
                reverse("reports:report", args=[agency_report.pk]), f"Báo cáo năm {YEAR}",
                "dl.facts", agency_report.agency.name, due=agency_report.period.due_date),
        },
    }


def _check_home(desk: Page, who: str, expected: dict[str, Target]) -> None:
    expect(desk).to_have_url(HOME)
    worklist = desk.locator("#worklist")
    expect(worklist.locator("h2")).to_have_text("Việc cần làm")
    items = worklist.locator("li[data-key]")
    expect(items).to_have_count(len(expected))
    keys = [items.nth(n).get_attribute("data-key") for n in range(items.count())]
    assert sorted(keys) == sorted(expected), f"{who}: {keys} != {sorted(expected)}"
    for key, target in expected.items():
        deadline = worklist.locator(f"li[data-key='{key}'] time")
        if target.due is None:
            expect(deadline, f"{who} {key}").to_have_count(0)
        else:
            expect(deadline, f"{who} {key}").to_have_attribute(
                "datetime", target.due.isoformat())
    screenshot_if_asked(desk, f"worklist-{who}")


def _click_through(desk: Page, who: str, expected: dict[str, Target]) -> None:
    for key, target in expected.items():
        link = desk.locator(f"#worklist li[data-key='{key}'] a")
        expect(link).to_have_count(1)
        link.click()
        expect(desk, f"{who} {key}").to_have_url(re.compile(re.escape(target.path) + "$"))
        expect(desk.locator("h1"), f"{who} {key}").to_contain_text(target.heading)
        acts_with = desk.locator(target.acts_with)
        expect(acts_with, f"{who} {key}").to_be_visible()
        if target.acts_text:
            expect(acts_with, f"{who} {key}").to_contain_text(target.acts_text)
        screenshot_if_asked(desk, f"worklist-{who}-{key}")
        desk.go_back()
        expect(desk).to_have_url(HOME)
        expect(desk.locator("#worklist li[data-key]")).to_have_count(len(expected))


def test_each_desk_sees_exactly_its_work_one_click_away(desks, world, time_machine):
    chief = world.user(Role.WARD_CHIEF)
    committee = world.user(Role.WARD_COMMITTEE)
    front = world.user(Role.WARD_FRONT)
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=world.agency)

    # The dossiers of the ward and of another ward, both drafts in the 2026 round.
    dossier = assessment_for(world.ward)
    assessment_for(world.other_ward)
    # The plan's bodies: Sở Tư pháp, Sở Xây dựng and the two wards' People's Committees.
    committees = {
        unit.pk: AgencyFactory(province=world.province, kind="local_committee", plan_item=25,
                               org_unit=unit, code=f"ubnd-{unit.code}",
                               name=f"UBND {unit.name}")
        for unit in (world.ward, world.other_ward)}
    for body in (world.agency, world.other_agency, *committees.values()):
        plan = plan_with_task(world.province, body)
    # The 6-monthly reports were due on 15/06 (more than 30 days ago: off the lists);
    # the yearly ones are due on 15/12.
    period_open_regular(plan=plan, kind=ReportingPeriod.Kind.HALF_YEAR, year=YEAR)
    yearly = period_open_regular(plan=plan, kind=ReportingPeriod.Kind.YEAR, year=YEAR)
    assert yearly.due_date == date(YEAR, 12, 15)
    assert Report.objects.filter(period__plan=plan, state=Report.State.DRAFT).count() == 8
    to_assess, to_recognise = _register_and_assess_groups(world, chief, time_machine)
    indicator_definitions_load()

    expected = _targets(
        world, dossier=dossier,
        committee_report=Report.objects.get(period=yearly, agency=committees[world.ward.pk]),
        agency_report=Report.objects.get(period=yearly, agency=world.agency),
        to_assess=to_assess, to_recognise=to_recognise)
    people = {"chief": chief, "committee": committee, "front": front, "reporter": reporter}

    opened: dict[str, Page] = {}
    for who, user in people.items():
        desk = desks()
        log_in(desk, user.username, TEST_PASSWORD)
        opened[who] = desk
    for who, desk in opened.items():
        _check_home(desk, who, expected[who])
    for who, desk in opened.items():
        _click_through(desk, who, expected[who])
