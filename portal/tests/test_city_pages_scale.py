"""A full season at city scale: each city-level page a city coordinator opens reads as many
queries for a small city as for a bigger one, whatever the number of wards or answers.

One province is built small — 2 wards, each with 2 residential groups (with households),
its users, last year's consultation (paper) and this year's with 3 answers per group
(through the answer page's service, with household codes, comments, one hidden) and the
Front's paper counts, its self-assessment dossier with every value (half the wards have
submitted, with both bodies' opinions), indicator figures of this year and the last, its
People's Committee's report for the plan's 6-monthly period (submitted or accepted),
headquarters history, a project, inventory and procurement, the movement's registrations,
assessments, recognition decision and a reviewed model, the force's staffing, attendance,
discipline and a proposed commendation. Each page in PAGES is opened once (sessions,
caches and templates warm) and once more inside CaptureQueriesContext. Then the city grows
to 5 wards with all the same data and 12 answers per group in every ward, and each page is
measured again. The two counts must be equal: a count that grows is a query per ward, per
campaign or per answer (N+1), which at the size of Hà Nội (126 wards, 20 groups each,
~10,000 answers per ward) is thousands of queries a page. Pages that list the wards must
also name all of them, so a page the data never reached cannot pass as flat.

The city is built and measured once for the module (a module-scoped fixture in a
transaction rolled back at the end), so the module stays fast; each page is its own test.
On failure the message gives both counts and each statement (literals and IN lists
reduced) that ran more or fewer times, with where it ran from: the innermost project
frames and the template line being rendered.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Role
from testing.factories import (
    AgencyFactory,
    ProvinceFactory,
    ResidentialGroupFactory,
    WardFactory,
    assessment_for,
    campaign_for,
    criteria_set_with,
    endorsed,
    plan_with_task,
    report_for,
    user_with_role,
)

# The tests only read what the module's fixture measured, but the mark has pytest-django
# set the test database up for that fixture.
pytestmark = pytest.mark.django_db

YEAR = 2026  # the suite's clock is 25/11/2026: the season is nearly over
GROUPS_PER_WARD = 2
SMALL = {"wards": 2, "answers_per_group": 3}
LARGE = {"wards": 5, "answers_per_group": 12}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PROJECT = Path(__file__).resolve().parents[2]
STAFFING = {"establishment": 30, "headcount": 25, "leaders": 4, "university": 18,
            "police_training": 25, "political_theory": 6, "foreign_language": 9,
            "it_skills": 20, "mass_mobilisation": 12, "living_in_ward": 7,
            "average_age": Decimal("32.5")}


# --- The city -------------------------------------------------------------------------------

@dataclass
class City:
    """One province and what is shared by its wards: the criteria, the plan and its period,
    the equipment catalogue, the movement's standards, the force's training plan."""

    province: Any
    coordinator: Any
    criteria_set: Any
    plan: Any
    period: Any
    items: list[Any]
    model_type: Any
    course: Any
    safety_sets: Any  # the movement's standards: (residential groups, commune or ward)
    wards: list[Any] = field(default_factory=list)
    answers: dict[int, int] = field(default_factory=dict)  # group pk → responses stored

    @property
    def ward(self) -> Any:
        return self.wards[0]


def _city() -> City:
    from facilities.models import EquipmentItem
    from force import services as force
    from force.models import Course
    from indicators.entry_services import indicator_definitions_load
    from movement import services as movement
    from movement.models import ModelType

    province = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    coordinator = user_with_role(Role.CITY_COORDINATOR, org_unit=province)
    indicator_definitions_load()
    safety_sets = movement.standard_sets_load()
    movement.model_types_load()
    # The city police's own body leads the plan's first task; each ward's People's
    # Committee gets a task of its own (see _ward).
    police = AgencyFactory(province=province, code="cong-an-thanh-pho",
                           name="Công an Thành phố", kind="police", plan_item=1, is_lead=True)
    plan = plan_with_task(province, police)
    training = force.training_plan_save(actor=coordinator, province=province, year=YEAR,
                                        title="Kế hoạch đào tạo, bồi dưỡng năm 2026")
    course = force.course_save(actor=coordinator, plan=training, data=force.CourseInput(
        title="Bồi dưỡng kỹ năng dân vận", subject=Course.Subject.MASS_MOBILISATION,
        starts_on=date(YEAR, 3, 2), ends_on=date(YEAR, 3, 6),
        organiser="Phòng Tổ chức cán bộ, Công an Thành phố", places_per_ward=8))
    force.training_plan_publish(actor=coordinator, plan=training)
    city = City(
        province=province, coordinator=coordinator, criteria_set=criteria_set_with(4),
        plan=plan, period=report_for(police, year=YEAR).period,
        items=[EquipmentItem.objects.create(code=f"item-{n}", name=f"Trang bị {n}",
                                            norm_per_unit=2 + n, order=n) for n in range(3)],
        model_type=ModelType.objects.order_by("order").first(), course=course,
        safety_sets=safety_sets)
    _submitted(report_for(police, year=YEAR), coordinator, accepted_by=coordinator)
    return city


def _submitted(report: Any, reporter: Any, *, accepted_by: Any = None) -> None:
    """The report in with a status for each of its tasks; accepted when `accepted_by`."""
    from django.utils import timezone

    from reports.models import PlanTask, Report, ReportItem

    for task in PlanTask.objects.filter(plan=report.period.plan, lead=report.agency):
        ReportItem.objects.get_or_create(report=report, task=task, defaults={
            "status": ReportItem.Status.DONE, "results": "Đã triển khai đầy đủ.",
            "difficulties": "Thiếu kinh phí.", "figures": "12 buổi tuyên truyền"})
    Report.objects.filter(pk=report.pk).update(
        state=Report.State.ACCEPTED if accepted_by else Report.State.SUBMITTED,
        summary="Tổng hợp kết quả 6 tháng.", submitted_at=timezone.now(),
        submitted_by=reporter, reviewed_by=accepted_by,
        reviewed_at=timezone.now() if accepted_by else None)


def _ward(city: City, ward: Any) -> None:
    """Everything one ward has in a season (its answers come from _answers_up_to)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.models import AssessmentValue
    from assessments.services import assessment_submit, assessment_value_save
    from consultations.manage_services import paper_tally_save
    from consultations.services import household_codes_issue
    from facilities.models import (
        HeadquartersRecord,
        InventoryLine,
        InvestmentProject,
        ProcurementPlan,
    )
    from force import services as force
    from indicators.models import IndicatorDefinition
    from indicators.services import indicator_value_set
    from movement import services as movement
    from movement.models import SafetyAssessment
    from movement.selectors import criteria_of
    from units.models import Agency, OrgUnit

    n = len(city.wards)
    groups = list(OrgUnit.objects.filter(parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP))
    groups += [ResidentialGroupFactory(parent=ward, households=300 + 40 * k)
               for k in range(GROUPS_PER_WARD - len(groups))]
    chief = user_with_role(Role.WARD_CHIEF, org_unit=ward)
    front = user_with_role(Role.WARD_FRONT, org_unit=ward)
    city.wards.append(ward)

    # Consultation: last year's, on paper only, and this year's over its groups, with
    # household codes printed for them (its answers come from _answers_up_to).
    past = campaign_for(ward, year=YEAR - 1)
    campaign = campaign_for(ward, year=YEAR)
    for group in groups:
        paper_tally_save(actor=front, campaign=past, group=group,
                         counts={"overall": {5: 40 + n, 4: 10, 2: 3}})
        household_codes_issue(actor=front, campaign=campaign, group=group,
                              count=LARGE["answers_per_group"])

    # Self-assessment: the dossier in the year's round, every criterion answered.
    assessment = assessment_for(ward, year=YEAR, criteria_set=city.criteria_set)
    for value in AssessmentValue.objects.filter(assessment=assessment).select_related(
            "criterion"):
        assessment_value_save(actor=chief, assessment=assessment, criterion=value.criterion,
                              raw_value="có" if (n + value.criterion.order) % 3 else "không",
                              explanation="Theo báo cáo của Công an phường.",
                              revision=value.revision)
    if n % 2 == 0:  # half the wards have submitted theirs, with both bodies' opinions
        assessment_submit(actor=chief, assessment=endorsed(assessment))

    # Indicators: two typed figures for two months of the year, and one of last year.
    reported, solved = (IndicatorDefinition.objects.get(code=code)
                        for code in ("crimes-reported", "crimes-solved"))
    for month, count in ((date(YEAR, 1, 1), 4 + n), (date(YEAR, 2, 1), 2 + n),
                         (date(YEAR - 1, 6, 1), 5)):
        indicator_value_set(actor=chief, ward=ward, indicator=reported, month=month,
                            raw=str(count))
        indicator_value_set(actor=chief, ward=ward, indicator=solved, month=month,
                            raw=str(count - 1))

    # Reports: the ward's People's Committee, a body of the plan, reported for the period.
    committee = AgencyFactory(province=city.province, code=f"ubnd-{ward.code}",
                              name=f"UBND {ward.name}", kind=Agency.Kind.LOCAL_COMMITTEE,
                              plan_item=25, org_unit=ward)
    plan_with_task(city.province, committee)
    reporter = user_with_role(Role.AGENCY_REPORTER, agency=committee)
    _submitted(report_for(committee, year=YEAR), reporter,
               accepted_by=city.coordinator if n % 2 else None)

    # Facilities: a headquarters history, a project, the inventory and what is to be bought.
    HeadquartersRecord.objects.create(ward=ward, valid_from=date(2024, 1, 1),
                                      status="borrowed_committee", floor_area=Decimal(300),
                                      recorded_by=chief)
    HeadquartersRecord.objects.create(ward=ward, valid_from=date(YEAR, 5, 1),
                                      status="own" if n % 2 else "shared",
                                      floor_area=Decimal(450), recorded_by=chief)
    InvestmentProject.objects.create(ward=ward, kind="new_build", title=f"Trụ sở {ward.name}",
                                     stage="approved", approved_on=date(YEAR, 4, 1),
                                     expected_completion=date(2028 + n % 3, 6, 30),
                                     created_by=chief)
    for item in city.items:
        InventoryLine.objects.create(ward=ward, item=item, usable=max(item.norm_per_unit - n % 3,
                                                                      0), updated_by=chief)
        ProcurementPlan.objects.create(ward=ward, item=item, year=2027 + n % 3, quantity=2,
                                       budget=Decimal(120))

    # Movement: every group registered and assessed, the ward itself registered, a model.
    group_set, commune_set = city.safety_sets
    criteria = [c for c in criteria_of(group_set) if not c.is_computed]
    for k, group in enumerate(groups):
        safety = SafetyAssessment.objects.create(unit=group, ward=ward, year=YEAR,
                                                 criteria_set=group_set,
                                                 registered_on=date(YEAR, 1, 10))
        movement.safety_assessment_save(
            actor=chief, assessment=safety,
            raw={c.pk: "no" if k and c.code == "3" else "yes" for c in criteria},
            evidence={c.pk: "Biên bản họp tổ dân phố" for c in criteria})
    SafetyAssessment.objects.create(unit=ward, ward=ward, year=YEAR, criteria_set=commune_set,
                                    registered_on=date(YEAR, 1, 10))
    movement.safety_groups_recognise(
        actor=user_with_role(Role.WARD_COMMITTEE, org_unit=ward), ward=ward, year=YEAR,
        assessments=list(SafetyAssessment.objects.filter(ward=ward, year=YEAR, meets=True)),
        data=movement.DecisionInput(number=f"{100 + n}/QĐ-UBND", signed_on=date(YEAR, 11, 20),
                                    signer=f"Chủ tịch UBND {ward.name}",
                                    document=SimpleUploadedFile("quyet-dinh.pdf", PDF,
                                                                "application/pdf")))
    model = movement.movement_model_save(actor=chief, ward=ward, data=movement.ModelInput(
        type=city.model_type, name=f"Camera an ninh {ward.name}", started_on=date(2025, 3, 1),
        groups=groups[:1], participants=40, results="Phát hiện nhiều vụ việc."))
    movement.model_review_save(actor=chief, model=model, year=YEAR, verdict="effective")

    # Force: staffing, attendance of the year's course, discipline, a commendation proposed.
    force.staffing_save(actor=chief, ward=ward, year=YEAR, values=STAFFING)
    force.attendance_save(actor=chief, ward=ward, course=city.course, trained=6, passed=6)
    force.discipline_save(actor=chief, ward=ward, year=YEAR, counts={"reprimand": (1, 1)})
    force.commendation_propose(actor=chief, proposer_unit=ward, data=force.CommendationInput(
        unit_name=f"Công an {ward.name}", award="director",
        achievement="Hoàn thành xuất sắc nhiệm vụ.", period_from=date(YEAR, 1, 1),
        period_to=date(YEAR, 10, 31)))


def _answers_up_to(city: City, per_group: int) -> None:
    """Responses up to `per_group` in every group of every ward's campaign, through the
    answer page's own service (which keeps the tallies): every rating question answered,
    a household code every other time, the rest open web, a comment every fourth time
    (one in two of them hidden by the Front); then as many paper forms, as the Front types
    their counts."""
    import uuid

    from consultations.manage_services import answer_hide, paper_tally_save
    from consultations.models import Answer, Campaign, HouseholdCode
    from consultations.services import response_submit

    for campaign in Campaign.objects.filter(ward__in=city.wards, year=YEAR
                                            ).prefetch_related("groups"):
        for group in campaign.groups.all():
            codes = iter(HouseholdCode.objects.filter(campaign=campaign, group=group,
                                                      used_at__isnull=True).order_by("pk"))
            for k in range(city.answers.get(group.pk, 0), per_group):
                ratings = (5, 4, 5, 1, 2, 3, 4)
                raw = {f"q-{code}": str(ratings[(k + shift) % len(ratings)])
                       for shift, code in enumerate(
                           ("overall", "conduct", "response", "security", "urban_order"))}
                if k % 4 == 0:
                    raw["q-comment"] = f"Đề nghị tăng cường tuần tra buổi tối ({k})."
                submitted = response_submit(
                    campaign=campaign, group=group, raw_answers=raw, nonce=uuid.uuid4().hex,
                    household_code=next(codes).code if k % 2 else "")
                if k % 8 == 4:
                    answer_hide(actor=city.coordinator, reason="Lời lẽ không phù hợp.",
                                answer=Answer.objects.get(response=submitted.response,
                                                          question__code="comment"))
            city.answers[group.pk] = per_group
            paper_tally_save(actor=city.coordinator, campaign=campaign, group=group, counts={
                "overall": {5: per_group - 1, 3: 1}, "security": {4: per_group}})


def _grow(city: City, wards: int, answers_per_group: int) -> None:
    from reports.consolidation import consolidated_draft

    while len(city.wards) < wards:
        _ward(city, WardFactory(parent=city.province,
                                name=f"Phường Mẫu {'ABCDEFGH'[len(city.wards)]}"))
    _answers_up_to(city, answers_per_group)
    consolidated_draft(period=city.period, redraft=True, actor=city.coordinator)


# --- The pages ------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Page:
    label: str
    url: Any                   # City → URL
    lists_wards: bool = False  # names every ward: proof that the season's data reached it

    def __str__(self) -> str:
        return self.label

    __repr__ = __str__


def _campaign(city: City) -> int:
    from consultations.models import Campaign

    return Campaign.objects.get(ward=city.ward, year=YEAR).pk


def _dossier(city: City) -> int:
    from assessments.models import Assessment

    return Assessment.objects.get(ward=city.ward, round__year=YEAR).pk


# Every page the city coordinator's navigation leads to, and the city-level pages one click
# further (bench/season.py times the same list at full size). One ward's campaign, results
# and dossier are there for the answers: each of those ward's groups gets 4 times more.
PAGES = [
    Page("home (worklist)", lambda c: reverse("portal:home")),
    Page("indicators dashboard", lambda c: reverse("indicators:dashboard"), True),
    Page("indicators dashboard, ?year=",
         lambda c: reverse("indicators:dashboard") + f"?year={YEAR - 1}", True),
    Page("indicators dashboard, ?indicator=", lambda c: reverse("indicators:dashboard")
         + f"?year={YEAR}&indicator=crime-solve-rate", True),
    Page("indicators map", lambda c: reverse("indicators:map") + f"?year={YEAR}", True),
    Page("indicator values", lambda c: reverse("indicators:values")
         + f"?indicator=crimes-reported&year={YEAR}", True),
    Page("indicator definitions", lambda c: reverse("indicators:definitions")),
    Page("consultations list", lambda c: reverse("consultations:list"), True),
    Page("campaign detail", lambda c: reverse("consultations:detail", args=[_campaign(c)])),
    Page("campaign results", lambda c: reverse("consultations:results", args=[_campaign(c)])),
    Page("recognition rounds", lambda c: reverse("assessments:rounds")),
    Page("round: dossiers", lambda c: reverse("assessments:round_detail", args=[YEAR]), True),
    Page("round: results matrix", lambda c: reverse("assessments:matrix", args=[YEAR]), True),
    Page("a ward's dossier", lambda c: reverse("assessments:detail", args=[_dossier(c)])),
    Page("criteria sets", lambda c: reverse("criteria:list")),
    Page("reports: periods", lambda c: reverse("reports:periods")),
    Page("reports board", lambda c: reverse("reports:board", args=[c.period.pk]), True),
    Page("reports consolidated",
         lambda c: reverse("reports:consolidated", args=[c.period.pk]), True),
    Page("reports progress", lambda c: reverse("reports:progress"), True),
    Page("plans", lambda c: reverse("reports:plans")),
    Page("plan", lambda c: reverse("reports:plan_detail", args=[c.plan.pk]), True),
    Page("notifications", lambda c: reverse("reports:notifications")),
    Page("headquarters list", lambda c: reverse("facilities:list"), True),
    Page("equipment overview", lambda c: reverse("facilities:equipment_overview"), True),
    Page("equipment catalogue", lambda c: reverse("facilities:catalogue")),
    Page("road to 2030", lambda c: reverse("facilities:roadmap")),
    Page("movement overview", lambda c: reverse("movement:overview") + f"?year={YEAR}", True),
    Page("movement model kinds", lambda c: reverse("movement:types")),
    Page("force overview", lambda c: reverse("force:overview") + f"?year={YEAR}", True),
    Page("training plan", lambda c: reverse("force:plan", args=[YEAR])),
    Page("commendations", lambda c: reverse("force:commendations") + f"?year={YEAR}", True),
    Page("programme reviews", lambda c: reverse("force:reviews")),
    Page("units", lambda c: reverse("units:list"), True),
    Page("bodies (agencies)", lambda c: reverse("agencies:list")),
    Page("users", lambda c: reverse("users:list"), True),
    Page("audit log", lambda c: reverse("audit:list")),
]


# --- Measuring ------------------------------------------------------------------------------

@dataclass
class Query:
    sql: str      # with the parameters' placeholders
    origin: str   # innermost project frames, and the template line being rendered


@dataclass(repr=False)
class Measure:
    url: str = ""
    queries: list[Query] = field(default_factory=list)
    count: int = 0   # CaptureQueriesContext's
    wards_named: int = 0  # how many of the city's wards the page names
    error: str = ""  # a status other than 200, or what the view raised

    def __repr__(self) -> str:
        return f"<{self.url}: {self.count} queries>"


def _origin() -> str:
    """Where a query comes from: up to three project frames (innermost first), else the
    two innermost library frames outside the database layer, and the template and line
    being rendered when it ran."""
    ours, theirs, template = [], [], ""
    for frame, lineno in traceback.walk_stack(None):
        filename = frame.f_code.co_filename
        node = frame.f_locals.get("self")
        if (not template and frame.f_code.co_name == "render_annotated"
                and getattr(node, "token", None) is not None
                and getattr(node, "origin", None) is not None):
            template = f" [template {node.origin.template_name}:{node.token.lineno}]"
        if filename == __file__:
            continue
        name = frame.f_code.co_name
        if filename.startswith(f"{PROJECT}/") and "/.venv/" not in filename:
            ours.append(f"{Path(filename).relative_to(PROJECT)}:{lineno} {name}")
        elif "/site-packages/" in filename and "/django/db/" not in filename:
            library = filename.split("/site-packages/", 1)[1]
            theirs.append(f"{library}:{lineno} {name}")
    return " ← ".join(ours[:3] or theirs[:2] or ["?"]) + template


def _measure(client: Any, url: str, ward_names: list[str]) -> Measure:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations.selectors import public_links_forget

    measure = Measure(url=url)

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        measure.queries.append(Query(sql=sql, origin=_origin()))
        return execute(sql, params, many, context)

    cache.clear()
    public_links_forget()
    try:
        warm = client.get(url)  # sessions, caches and templates: out of the count
        if warm.status_code != 200:
            measure.error = f"GET {url} answered {warm.status_code}"
            return measure
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(spy):
            response = client.get(url)
        measure.count = len(captured.captured_queries)
        html = response.content.decode()
        measure.wards_named = sum(name in html for name in ward_names)
        if response.status_code != 200:
            measure.error = f"GET {url} answered {response.status_code}"
    except Exception as error:  # the test client re-raises a view's exception
        where = "".join(traceback.format_exception(error)[-4:])
        measure.error = f"GET {url} raised {type(error).__name__}: {error}\n{where}"
    return measure


def _measure_all(city: City) -> dict[str, Measure]:
    from django.test import Client

    from testing.clients import login

    client = Client()
    login(client, city.coordinator)
    names = [ward.name for ward in city.wards]
    return {page.label: _measure(client, page.url(city), names) for page in PAGES}


@pytest.fixture(scope="module")
def measured(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any
             ) -> dict[str, tuple[Measure, Measure]]:
    """Each page's queries at the small size and at the large one; nothing kept afterwards
    (the files the season stores go to a temporary MEDIA_ROOT)."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), \
            transaction.atomic():
        city = _city()
        _grow(city, **SMALL)
        small = _measure_all(city)
        _grow(city, **LARGE)
        large = _measure_all(city)
        transaction.set_rollback(True)
    return {label: (small[label], large[label]) for label in small}


_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_LISTS = re.compile(r"\(\s*%s(?:\s*,\s*%s)*\s*\)")
_SAVEPOINTS = re.compile(r'"s\d+_x\d+"')
_COLUMNS = re.compile(r"^SELECT (DISTINCT )?.*? FROM ")


def _shape(sql: str) -> str:
    """The statement with its literals, IN lists and savepoint names reduced, so the same
    query for another row reads the same."""
    return _LISTS.sub("(%s…)", _SAVEPOINTS.sub('"s…"', _LITERALS.sub("?", sql)))


def _diff(small: Measure, large: Measure) -> str:
    """The statements that ran more (or fewer) times at the large size, most first, each
    with where it ran from (its column list left out: the tables and conditions tell)."""
    before = Counter(_shape(q.sql) for q in small.queries)
    after = Counter(_shape(q.sql) for q in large.queries)
    lines = []
    for shape in sorted(set(before) | set(after), key=lambda s: before[s] - after[s]):
        grown = after[shape] - before[shape]
        if grown == 0:
            continue
        origins = Counter(q.origin for q in (large if grown > 0 else small).queries
                          if _shape(q.sql) == shape)
        statement = _COLUMNS.sub(r"SELECT \1… FROM ", shape)[:500]
        lines.append(f"  {grown:+d} ({before[shape]} → {after[shape]}×) {statement}")
        lines.extend(f"      from {origin} ({n}×)" for origin, n in origins.most_common(3))
    return "\n".join(lines)


# (Not named `page`: the root conftest takes a test with a `page` argument for a browser test.)
@pytest.mark.parametrize("screen", PAGES, ids=str)
def test_it_reads_the_same_number_of_queries_for_a_bigger_city(
        screen: Page, measured: dict[str, tuple[Measure, Measure]]) -> None:
    small, large = measured[screen.label]
    few = f"{SMALL['wards']} wards × {SMALL['answers_per_group']} answers per group"
    more = f"{LARGE['wards']} wards × {LARGE['answers_per_group']}"
    print(f"{screen.label}: {small.count} queries for {few}, {large.count} for {more}")
    assert not small.error, f"{screen.label}, small city: {small.error}"
    assert not large.error, f"{screen.label}, larger city: {large.error}"
    if screen.lists_wards:
        assert (small.wards_named, large.wards_named) == (SMALL["wards"], LARGE["wards"]), (
            f"{screen.label} ({large.url}) named {small.wards_named} of {SMALL['wards']} wards, "
            f"then {large.wards_named} of {LARGE['wards']}: the season's data did not reach "
            "it, so its query counts prove nothing")
    assert large.count == small.count, (
        f"{screen.label} ({large.url}): {small.count} queries for {few}, {large.count} for "
        f"{more}; the statements that ran more (or fewer) times:\n{_diff(small, large)}")
