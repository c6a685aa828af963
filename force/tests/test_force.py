"""The force's rules and writes: staffing counts within the headcount, the training share,
attendance by the plan, discipline, commendation states, what feeds the criteria and the
dashboards, and the review's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from assessments import sources
from force import rules, services
from force.models import Attendance, Commendation, Discipline, Staffing
from force.review_figures import review_figures
from indicators.entry_services import indicator_definitions_load
from indicators.models import IndicatorValue
from testing.clock import hanoi

pytestmark = pytest.mark.django_db

STAFF = {"establishment": 32, "headcount": 30, "leaders": 4, "university": 20,
         "police_training": 25, "political_theory": 8, "foreign_language": 5, "it_skills": 18,
         "mass_mobilisation": 15, "living_in_ward": 6, "average_age": Decimal("34.5")}


def _plan(world, *, courses=((date(2026, 3, 1), date(2026, 3, 5), 10),), publish=True):
    coordinator = world.user(Role.CITY_COORDINATOR)
    plan = services.training_plan_save(actor=coordinator, province=world.province, year=2026,
                                       title="Kế hoạch đào tạo năm 2026")
    for starts, ends, places in courses:
        services.course_save(actor=coordinator, plan=plan, data=services.CourseInput(
            title=f"Lớp {starts:%d/%m}", subject="mass_mobilisation", starts_on=starts,
            ends_on=ends, organiser="Phòng Tổ chức cán bộ", places_per_ward=places))
    if publish:
        services.training_plan_publish(actor=coordinator, plan=plan)
    return plan


# --- Rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("part", "whole", "share"), [
    (27, 30, Decimal("90.00")), (2, 3, Decimal("66.66")), (60, 30, Decimal("100")),
    (0, 30, Decimal("0.00")),
])
def test_it_computes_a_share_truncated_and_capped(part, whole, share):
    assert rules.percent(part, whole) == share


def test_it_has_no_share_without_a_headcount():
    assert rules.percent(3, 0) is None


def test_it_keeps_the_counts_within_the_headcount():
    labels = {name: name for name in rules.STAFFING_COUNTS}
    errors = rules.staffing_errors({**STAFF, "university": 31, "average_age": Decimal(70)},
                                   labels)
    assert set(errors) == {"university", "average_age"}
    assert rules.staffing_errors({**STAFF, "headcount": 97, "establishment": 32}, labels) == {
        "headcount": rules.staffing_errors({**STAFF, "headcount": 97}, labels)["headcount"]}
    assert rules.staffing_errors(STAFF, labels) == {}


# --- Staffing -----------------------------------------------------------------------------

def test_it_records_staffing_and_feeds_the_dashboard(world):
    indicator_definitions_load()
    chief = world.user(Role.WARD_CHIEF)
    services.staffing_save(actor=chief, ward=world.ward, year=2026, values=STAFF)
    services.staffing_save(actor=chief, ward=world.ward, year=2026,
                           values={**STAFF, "headcount": 31})
    assert Staffing.objects.get().headcount == 31
    figure = IndicatorValue.objects.get(indicator__code="force-headcount", ward=world.ward)
    assert (figure.month, figure.value) == (date(2026, 12, 1), 31)


def test_it_refuses_wrong_staffing_and_keeps_what_was_stored(world):
    chief = world.user(Role.WARD_CHIEF)
    services.staffing_save(actor=chief, ward=world.ward, year=2026, values=STAFF)
    with pytest.raises(ValidationError) as refused:
        services.staffing_save(actor=chief, ward=world.ward, year=2026,
                               values={**STAFF, "leaders": 40})
    assert "leaders" in refused.value.message_dict
    assert Staffing.objects.get().leaders == 4
    with pytest.raises(ValidationError):
        services.staffing_save(actor=chief, ward=world.ward, year=2027, values=STAFF)
    with pytest.raises(PermissionDenied):
        services.staffing_save(actor=world.user(Role.WARD_FRONT), ward=world.ward, year=2026,
                               values=STAFF)
    with pytest.raises(PermissionDenied):
        services.staffing_save(actor=world.user(Role.WARD_CHIEF, own=False), ward=world.ward,
                               year=2026, values=STAFF)


# --- The training plan and attendance -----------------------------------------------------

def test_it_publishes_a_plan_only_with_courses(world):
    plan = _plan(world, courses=(), publish=False)
    with pytest.raises(ValidationError):
        services.training_plan_publish(actor=world.user(Role.CITY_COORDINATOR), plan=plan)
    with pytest.raises(PermissionDenied):
        services.training_plan_save(actor=world.user(Role.CITY_COORDINATOR, own=False),
                                    province=world.province, year=2026, title="X")


@pytest.mark.parametrize(("starts", "ends", "field"), [
    (date(2025, 12, 30), date(2026, 1, 2), "starts_on"),
    (date(2026, 5, 2), date(2026, 5, 1), "ends_on"),
])
def test_it_refuses_a_course_outside_its_plan(world, starts, ends, field):
    plan = _plan(world, courses=(), publish=False)
    with pytest.raises(ValidationError) as refused:
        services.course_save(actor=world.user(Role.CITY_COORDINATOR), plan=plan,
                             data=services.CourseInput(title="Lớp", subject="it",
                                                       starts_on=starts, ends_on=ends,
                                                       organiser="PX01", places_per_ward=3))
    assert field in refused.value.message_dict


def test_it_records_attendance_only_on_a_published_plan_and_a_started_course(world):
    plan = _plan(world, courses=((date(2026, 3, 1), date(2026, 3, 2), 5),
                                 (date(2026, 12, 1), date(2026, 12, 3), 5)), publish=False)
    early, late = plan.courses.order_by("starts_on")
    chief = world.user(Role.WARD_CHIEF)
    with pytest.raises(ValidationError, match="chưa được ban hành"):
        services.attendance_save(actor=chief, ward=world.ward, course=early, trained=3,
                                 passed=3)
    services.training_plan_publish(actor=world.user(Role.CITY_COORDINATOR), plan=plan)
    with pytest.raises(ValidationError, match="01/12/2026"):
        services.attendance_save(actor=chief, ward=world.ward, course=late, trained=3,
                                 passed=3)
    with pytest.raises(ValidationError) as refused:
        services.attendance_save(actor=chief, ward=world.ward, course=early, trained=3,
                                 passed=4)
    assert "passed" in refused.value.message_dict
    services.attendance_save(actor=chief, ward=world.ward, course=early, trained=3, passed=2)
    assert Attendance.objects.get().passed == 2
    services.attendance_save(actor=chief, ward=world.ward, course=early, trained=None,
                             passed=None)
    assert not Attendance.objects.exists()


def test_it_computes_the_training_share_for_the_criteria(world):
    indicator_definitions_load()
    chief = world.user(Role.WARD_CHIEF)
    plan = _plan(world, courses=((date(2026, 3, 1), date(2026, 3, 2), 20),
                                 (date(2026, 4, 1), date(2026, 4, 2), 10)))
    first, second = plan.courses.order_by("starts_on")
    missing = sources.read("force", world.ward, 2026, "training-share")
    assert isinstance(missing, sources.Missing)
    services.staffing_save(actor=chief, ward=world.ward, year=2026, values=STAFF)
    services.attendance_save(actor=chief, ward=world.ward, course=first, trained=20, passed=19)
    services.attendance_save(actor=chief, ward=world.ward, course=second, trained=7, passed=7)
    reading = sources.read("force", world.ward, 2026, "training-share")
    assert isinstance(reading, sources.Reading)
    assert reading.value == "90"  # 27 of 30
    assert "27" in reading.note and "30" in reading.note
    share = IndicatorValue.objects.get(indicator__code="force-trained", ward=world.ward)
    assert share.value == 27
    mass = sources.read("force", world.ward, 2026, "mass-mobilisation-share")
    assert isinstance(mass, sources.Reading) and mass.value == "50"


def test_it_reads_no_discipline_as_met_until_an_officer_is_disciplined(world):
    chief = world.user(Role.WARD_CHIEF)
    reading = sources.read("force", world.ward, 2026, "no-discipline")
    assert isinstance(reading, sources.Reading) and reading.value == "yes"
    services.discipline_save(actor=chief, ward=world.ward, year=2026,
                             counts={"reprimand": (1, 2), "warning": (0, 0)})
    assert Discipline.objects.count() == 1
    reading = sources.read("force", world.ward, 2026, "no-discipline")
    assert isinstance(reading, sources.Reading) and reading.value == "no"
    services.discipline_save(actor=chief, ward=world.ward, year=2026,
                             counts={"reprimand": (0, 0)})
    assert not Discipline.objects.exists()


def test_it_says_which_force_keys_it_does_not_know(world):
    assert isinstance(sources.read("force", world.ward, 2026, "nonsense"), sources.Missing)


# --- Commendation -------------------------------------------------------------------------

def _proposal(world, **fields):
    data = {"person_name": "Trần Văn An", "person_position": "Đại úy, Phó Trưởng Công an phường",
            "unit_name": "Công an phường Hoàn Kiếm", "award": "director",
            "achievement": "Phá nhanh vụ trộm cắp tài sản.", "period_from": date(2025, 1, 1),
            "period_to": date(2025, 12, 31)}
    data.update(fields)
    return services.commendation_propose(actor=world.user(Role.WARD_CHIEF),
                                         proposer_unit=world.ward,
                                         data=services.CommendationInput(**data))


def test_it_takes_a_commendation_through_review_and_decision(world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    proposal = _proposal(world)
    assert (proposal.state, proposal.year) == (Commendation.State.PROPOSED, 2025)
    with pytest.raises(ValidationError):
        services.commendation_decide(actor=coordinator, commendation=proposal, approve=True,
                                     number="1/QĐ", decided_on=date(2026, 1, 5))
    services.commendation_review(actor=coordinator, commendation=proposal, agree=True)
    with pytest.raises(ValidationError) as refused:
        services.commendation_decide(actor=coordinator, commendation=proposal, approve=True,
                                     number="", decided_on=date(2026, 11, 26))
    assert set(refused.value.message_dict) == {"decision_number", "decision_date"}
    decided = services.commendation_decide(actor=coordinator, commendation=proposal,
                                           approve=True, number="215/QĐ-CAHN",
                                           decided_on=date(2026, 1, 5))
    assert decided.state == Commendation.State.APPROVED
    from force.selectors import commended_list

    assert commended_list(world.province, 2025) == [decided]


def test_it_refuses_a_commendation_without_a_reason_or_too_early(world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    proposal = _proposal(world)
    with pytest.raises(ValidationError):
        services.commendation_review(actor=coordinator, commendation=proposal, agree=False)
    services.commendation_review(actor=coordinator, commendation=proposal, agree=False,
                                 note="Thành tích chưa tiêu biểu.")
    proposal.refresh_from_db()
    assert proposal.state == Commendation.State.REJECTED
    with pytest.raises(ValidationError) as refused:
        _proposal(world, period_to=date(2026, 12, 31), person_position="")
    assert set(refused.value.message_dict) == {"period_to", "person_position"}
    with pytest.raises(PermissionDenied):
        services.commendation_review(actor=world.user(Role.WARD_CHIEF),
                                     commendation=proposal, agree=True)
    with pytest.raises(PermissionDenied):
        services.commendation_propose(actor=world.user(Role.WARD_FRONT),
                                      proposer_unit=world.ward,
                                      data=services.CommendationInput())


# --- The programme's review ---------------------------------------------------------------

def test_it_drafts_a_review_from_the_systems_figures(world, time_machine):
    time_machine.move_to(hanoi(2026, 11, 25))
    chief = world.user(Role.WARD_CHIEF)
    services.staffing_save(actor=chief, ward=world.ward, year=2026, values=STAFF)
    plan = _plan(world)
    services.attendance_save(actor=chief, ward=world.ward, course=plan.courses.get(),
                             trained=9, passed=9)
    services.discipline_save(actor=chief, ward=world.ward, year=2026,
                             counts={"warning": (1, 1)})
    coordinator = world.user(Role.CITY_COORDINATOR)
    review = services.programme_review_save(
        actor=coordinator, province=world.province, kind="interim", title="Sơ kết năm 2026",
        year=2026,
        held_on=date(2026, 11, 20), lessons="Bài học 1\nBài học 2")
    figures = review_figures(coordinator, world.province, 2026, date(2026, 11, 25))
    assert (figures.headcount, figures.establishment, figures.trained, figures.disciplined) == (
        30, 32, 9, 1)
    from io import BytesIO

    from docx import Document

    from force.documents import review_docx

    text = "\n".join(p.text for p in Document(BytesIO(review_docx(review, figures))).paragraphs)
    assert "quân số 30/32 biên chế" in text
    from force.review_figures import report_lines

    lines = report_lines(coordinator, world.province, 2026, date(2026, 11, 25))
    assert any("quân số 30/32 biên chế" in line for line in lines)
    assert "Bài học 2" in text
    with pytest.raises(PermissionDenied):
        services.programme_review_save(actor=chief, province=world.province, kind="interim",
                                       title="X", year=2025, held_on=date(2026, 1, 1))
