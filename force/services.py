"""Writes of the force's figures, the training plan, commendations and programme reviews.

Each starts with `require` and runs in one transaction; every model here is audited
(ForceConfig.ready). Staffing and attendance feed the dashboards through the indicators
(yearly figures, `indicators.services.indicator_year_figure_record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, can, require
from attachments.services import attachment_create
from core.forms import signed_document_errors
from core.imports import ImportErrors, RowError
from force import force_io
from force.models import (
    Attendance,
    Commendation,
    Course,
    Discipline,
    ProgrammeReview,
    Staffing,
    TrainingPlan,
)
from force.rules import MAX_PEOPLE, attendance_errors, staffing_errors
from force.selectors import trained_in
from indicators.services import indicator_year_figure_record
from units.models import OrgUnit
from units.selectors import current_commune_units

TEXT_MAX = 5000
S = Commendation.State


def _year_refusal(year: int) -> str | None:
    if year > timezone.localdate().year:
        return _("%(year)s has not begun.") % {"year": year}
    if year < 2024:
        return _("The programme runs from 2024.")
    return None


def _publish(*, actor: User, ward: OrgUnit, year: int) -> None:
    """The ward's year figures for the dashboards (indicators)."""
    staffing = Staffing.objects.filter(ward=ward, year=year).first()
    trained = trained_in(ward, year)
    if staffing is not None:
        indicator_year_figure_record(actor=actor, ward=ward, code="force-headcount", year=year,
                                     value=Decimal(staffing.headcount))
        # Capped like the share (force.rules.percent): the map's ratio never shows 200%.
        trained = min(trained, staffing.headcount)
    indicator_year_figure_record(actor=actor, ward=ward, code="force-trained", year=year,
                                 value=Decimal(trained))


@transaction.atomic
def staffing_save(*, actor: User, ward: OrgUnit, year: int, values: dict[str, Any]
                  ) -> Staffing:
    """Record (or correct) a ward's staffing for a year."""
    require(actor, Action.FORCE_EDIT, ward)
    refusal = _year_refusal(year)
    if refusal:
        raise ValidationError({"year": refusal})
    labels = {f.name: str(f.verbose_name) for f in Staffing._meta.fields}
    errors = staffing_errors(values, labels)
    for name in ("establishment", "headcount"):
        if values.get(name) is None:
            errors[name] = _("Enter a whole number (0 or more).")
        elif values[name] > MAX_PEOPLE:
            errors[name] = _("At most %(max)s.") % {"max": MAX_PEOPLE}
    if errors:
        raise ValidationError(errors)
    staffing, _created = Staffing.objects.update_or_create(
        ward=ward, year=year, defaults={**values, "recorded_by": actor})
    _publish(actor=actor, ward=ward, year=year)
    return staffing


# --- The training plan --------------------------------------------------------------------

@transaction.atomic
def training_plan_save(*, actor: User, province: OrgUnit, year: int, title: str
                       ) -> TrainingPlan:
    require(actor, Action.TRAINING_MANAGE, province)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the title of the plan.")
    if year > timezone.localdate().year + 1 or year < 2024:
        errors["year"] = _("A plan is made for this year or the next one.")
    if errors:
        raise ValidationError(errors)
    plan, _created = TrainingPlan.objects.update_or_create(
        province=province, year=year, defaults={"title": title.strip()})
    return plan


@dataclass
class CourseInput:
    title: str = ""
    subject: str = ""
    kind: str = Course.Kind.SHORT
    starts_on: date | None = None
    ends_on: date | None = None
    organiser: str = ""
    places_per_ward: int | None = None


@transaction.atomic
def course_save(*, actor: User, plan: TrainingPlan, data: CourseInput,
                course: Course | None = None) -> Course:
    require(actor, Action.TRAINING_MANAGE, plan.province)
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Enter the title of the course.")
    if data.subject not in Course.Subject.values:
        errors["subject"] = _("Choose the subject.")
    if not data.organiser.strip():
        errors["organiser"] = _("Enter who organises it.")
    if data.places_per_ward is None or not 1 <= data.places_per_ward <= MAX_PEOPLE:
        errors["places_per_ward"] = _("Enter the places per ward (1 to %(max)s).") % {
            "max": MAX_PEOPLE}
    if data.starts_on is None:
        errors["starts_on"] = _("Enter the first day (dd/mm/yyyy).")
    elif data.starts_on.year != plan.year:
        errors["starts_on"] = _("A course of the %(year)s plan starts in %(year)s.") % {
            "year": plan.year}
    if data.ends_on is None:
        errors["ends_on"] = _("Enter the last day (dd/mm/yyyy).")
    elif data.starts_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first.")
    if errors:
        raise ValidationError(errors)
    target = course or Course(plan=plan)
    target.title, target.subject, target.kind = data.title.strip(), data.subject, data.kind
    target.starts_on, target.ends_on = data.starts_on, data.ends_on  # type: ignore[assignment]
    target.organiser = data.organiser.strip()
    target.places_per_ward = data.places_per_ward  # type: ignore[assignment]
    target.save()
    return target


@transaction.atomic
def training_plan_publish(*, actor: User, plan: TrainingPlan) -> TrainingPlan:
    """Make the plan visible to the wards, who then record their attendance."""
    require(actor, Action.TRAINING_MANAGE, plan.province)
    if not plan.courses.exists():
        raise ValidationError(_("Add the plan's courses before publishing it."), code="empty")
    if plan.published_at is None:
        plan.published_at, plan.published_by = timezone.now(), actor
        plan.save(update_fields=["published_at", "published_by"])
    return plan


@transaction.atomic
def attendance_save(*, actor: User, ward: OrgUnit, course: Course, trained: int | None,
                    passed: int | None) -> Attendance | None:
    """How many of the ward's officers took the course and passed it; blank clears it."""
    require(actor, Action.FORCE_EDIT, ward)
    if not course.plan.is_published:
        raise ValidationError(_("The plan is not published yet."), code="unpublished")
    if course.starts_on > timezone.localdate():
        raise ValidationError(_("The course starts on %(day)s; attendance is recorded once it "
                                "has begun.") % {"day": f"{course.starts_on:%d/%m/%Y}"},
                              code="future")
    if trained is None and passed is None:
        Attendance.objects.filter(course=course, ward=ward).delete()
        _publish(actor=actor, ward=ward, year=course.plan.year)
        return None
    errors: dict[str, str] = {}
    if trained is None:
        errors["trained"] = _("Enter how many officers were trained.")
    if passed is None:
        errors["passed"] = _("Enter how many passed.")
    for name, value in (("trained", trained), ("passed", passed)):
        if value is not None and value > MAX_PEOPLE:
            errors[name] = _("At most %(max)s.") % {"max": MAX_PEOPLE}
    if not errors:
        assert trained is not None and passed is not None
        errors = attendance_errors(trained, passed)
    if errors:
        raise ValidationError(errors)
    row, _created = Attendance.objects.update_or_create(
        course=course, ward=ward, defaults={"trained": trained, "passed": passed,
                                            "recorded_by": actor})
    _publish(actor=actor, ward=ward, year=course.plan.year)
    return row


@transaction.atomic
def discipline_save(*, actor: User, ward: OrgUnit, year: int,
                    counts: dict[str, tuple[int, int]]) -> None:
    """The year's violations and officers disciplined by level; (0, 0) clears a level."""
    require(actor, Action.FORCE_EDIT, ward)
    refusal = _year_refusal(year)
    if refusal:
        raise ValidationError({"year": refusal})
    errors = {f"officers_{level}": _("At most %(max)s.") % {"max": MAX_PEOPLE}
              for level, (violations, officers) in counts.items()
              if max(violations, officers) > MAX_PEOPLE}
    if errors:
        raise ValidationError(errors)
    for level, (violations, officers) in counts.items():
        if level not in Discipline.Level.values:
            continue
        if violations == 0 and officers == 0:
            Discipline.objects.filter(ward=ward, year=year, level=level).delete()
        else:
            Discipline.objects.update_or_create(
                ward=ward, year=year, level=level,
                defaults={"violations": violations, "officers": officers,
                          "recorded_by": actor})


# --- Commendation -------------------------------------------------------------------------

@dataclass
class CommendationInput:
    person_name: str = ""
    person_position: str = ""
    unit_name: str = ""
    award: str = ""
    achievement: str = ""
    period_from: date | None = None
    period_to: date | None = None


def commendation_errors(data: CommendationInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.unit_name.strip():
        errors["unit_name"] = _("Enter the unit (or the person's unit).")
    if data.person_name.strip() and not data.person_position.strip():
        errors["person_position"] = _("Enter the person's rank and position.")
    if data.award not in Commendation.Award.values:
        errors["award"] = _("Choose the form of award.")
    if not data.achievement.strip():
        errors["achievement"] = _("Describe the achievement.")
    elif len(data.achievement) > TEXT_MAX:
        errors["achievement"] = _("The text is longer than %(max)s characters.") % {
            "max": TEXT_MAX}
    if data.period_from is None:
        errors["period_from"] = _("Enter the first day of the period (dd/mm/yyyy).")
    if data.period_to is None:
        errors["period_to"] = _("Enter the last day of the period (dd/mm/yyyy).")
    elif data.period_from is not None and data.period_to < data.period_from:
        errors["period_to"] = _("The period ends before it begins.")
    elif data.period_to > timezone.localdate():
        errors["period_to"] = _("An achievement is commended once its period has passed.")
    return errors


@transaction.atomic
def commendation_propose(*, actor: User, proposer_unit: OrgUnit, data: CommendationInput,
                         document: UploadedFile | None = None) -> Commendation:
    """A ward (or the city police) proposes to commend a unit or a person."""
    require(actor, Action.COMMENDATION_PROPOSE, proposer_unit)
    errors = commendation_errors(data)
    if errors:
        raise ValidationError(errors)
    assert data.period_from is not None and data.period_to is not None
    stored = attachment_create(
        actor=actor, uploaded_file=document, org_unit=proposer_unit,
        description=_("Commendation proposal: %(name)s") % {
            "name": data.person_name or data.unit_name}) if document else None
    return Commendation.objects.create(
        proposer_unit=proposer_unit, year=data.period_to.year,
        person_name=data.person_name.strip(), person_position=data.person_position.strip(),
        unit_name=data.unit_name.strip(), award=data.award,
        achievement=data.achievement.strip(), period_from=data.period_from,
        period_to=data.period_to, document=stored, proposed_by=actor)


def _fresh(commendation: Commendation) -> Commendation:
    return Commendation.objects.select_for_update().get(pk=commendation.pk)


@transaction.atomic
def commendation_review(*, actor: User, commendation: Commendation, agree: bool,
                        note: str = "") -> Commendation:
    """The city police's review: on to the emulation body, or not commended (with why)."""
    require(actor, Action.COMMENDATION_REVIEW, commendation)
    current = _fresh(commendation)
    if current.state != S.PROPOSED:
        raise ValidationError(_("This proposal was already reviewed."), code="state")
    if not agree and not note.strip():
        raise ValidationError({"note": _("Say why it is not proposed further.")})
    current.state = S.REVIEWED if agree else S.REJECTED
    current.review_note = note.strip()
    current.save(update_fields=["state", "review_note"])
    return current


@transaction.atomic
def commendation_decide(*, actor: User, commendation: Commendation, approve: bool,
                        number: str = "", decided_on: date | None = None, note: str = ""
                        ) -> Commendation:
    """Record the emulation body's decision on a reviewed proposal."""
    require(actor, Action.COMMENDATION_REVIEW, commendation)
    current = _fresh(commendation)
    if current.state != S.REVIEWED:
        raise ValidationError(_("Only a proposal the city police reviewed can be decided."),
                              code="state")
    if approve:
        errors = signed_document_errors(
            number=("decision_number", number, 100, _("Enter the number of the decision.")),
            day=("decision_date", decided_on, _("Enter the date of the decision (dd/mm/yyyy).")))
        if errors:
            raise ValidationError(errors)
        current.state = S.APPROVED
        current.decision_number, current.decision_date = number.strip(), decided_on
    else:
        if not note.strip():
            raise ValidationError({"note": _("Say why it is not commended.")})
        current.state = S.REJECTED
    if note.strip():
        current.review_note = "\n".join(p for p in (current.review_note, note.strip()) if p)
    current.save()
    return current


# --- Programme reviews --------------------------------------------------------------------

@transaction.atomic
def programme_review_save(*, actor: User, province: OrgUnit, kind: str, title: str,
                          year: int | None, held_on: date | None, lessons: str = "",
                          review: ProgrammeReview | None = None) -> ProgrammeReview:
    require(actor, Action.PLAN_MANAGE, province)
    errors: dict[str, str] = {}
    if kind not in ProgrammeReview.Kind.values:
        errors["kind"] = _("Choose the kind of review.")
    if not title.strip():
        errors["title"] = _("Enter the title.")
    if held_on is None:
        errors["held_on"] = _("Enter the date (dd/mm/yyyy).")
    elif held_on.year < 2024:
        errors["held_on"] = _("The programme runs from 2024.")
    if year is None or not 2024 <= year <= 2030:
        errors["year"] = _("Choose a year of the programme (2024–2030).")
    elif held_on is not None and year > held_on.year:
        errors["year"] = _("A review looks back on a year that has begun.")
    if len(lessons) > TEXT_MAX * 4:
        errors["lessons"] = _("The text is longer than %(max)s characters.") % {
            "max": TEXT_MAX * 4}
    if errors:
        raise ValidationError(errors)
    target = review or ProgrammeReview(province=province, created_by=actor)
    target.kind, target.title, target.year = kind, title.strip(), year  # type: ignore[assignment]
    target.held_on, target.lessons = held_on, lessons.strip()  # type: ignore[assignment]
    target.save()
    return target


# --- Spreadsheets from the wards ----------------------------------------------------------

def _wards_by_code(actor: User, province: OrgUnit, codes: set[str]) -> dict[str, OrgUnit]:
    return {w.code: w for w in current_commune_units(province).filter(code__in=codes)}


def _ward_problem(actor: User, ward: OrgUnit | None, code: str, row: int) -> RowError | None:
    if ward is None:
        return RowError(row, force_io.WARD_HEADINGS[0], _(
            "No current commune or ward of the province has the code %(code)s.") % {
            "code": code[:20]})
    if not can(actor, Action.FORCE_EDIT, ward):
        return RowError(row, force_io.WARD_HEADINGS[0], _(
            "You may not record figures for %(ward)s.") % {"ward": ward.name})
    return None


@transaction.atomic
def staffing_import(*, actor: User, province: OrgUnit, year: int, uploaded_file: Any) -> int:
    """Every ward's staffing for a year from a file, all or nothing; returns the rows."""
    require(actor, Action.FORCE_EDIT)
    refusal = _year_refusal(year)
    if refusal:
        raise ValidationError(refusal)
    rows, errors = force_io.parse_staffing(uploaded_file)
    wards = _wards_by_code(actor, province, {r.ward_code for r in rows})
    labels = {key: names[0] for key, names in force_io.STAFFING_COLUMNS.items()}
    for row in rows:
        if row.ward_code:
            problem = _ward_problem(actor, wards.get(row.ward_code), row.ward_code, row.row)
            if problem:
                errors.append(problem)
        for key, message in staffing_errors(row.values, labels).items():
            errors.append(RowError(row.row, labels[key], message))
    if errors:
        raise ImportErrors(sorted(errors, key=lambda e: e.row or 0))
    for row in rows:
        staffing_save(actor=actor, ward=wards[row.ward_code], year=year, values=row.values)
    return len(rows)


@transaction.atomic
def attendance_import(*, actor: User, plan: TrainingPlan, uploaded_file: Any) -> int:
    """The wards' attendance of the plan's courses from a file, all or nothing."""
    require(actor, Action.FORCE_EDIT)
    if not plan.is_published:
        raise ValidationError(_("The plan is not published yet."), code="unpublished")
    rows, errors = force_io.parse_attendance(uploaded_file)
    courses = dict(enumerate(plan.courses.order_by("starts_on", "pk"), start=1))
    wards = _wards_by_code(actor, plan.province, {r.ward_code for r in rows})
    today = timezone.localdate()
    for row in rows:
        if row.ward_code:
            problem = _ward_problem(actor, wards.get(row.ward_code), row.ward_code, row.row)
            if problem:
                errors.append(problem)
        if row.course is not None:
            course = courses.get(row.course)
            if course is None:
                errors.append(RowError(row.row, force_io.COURSE_HEADINGS[0], _(
                    "The plan has no course number %(number)s.") % {"number": row.course}))
            elif course.starts_on > today:
                errors.append(RowError(row.row, force_io.COURSE_HEADINGS[0], _(
                    "The course starts on %(day)s.") % {"day": f"{course.starts_on:%d/%m/%Y}"}))
    if errors:
        raise ImportErrors(sorted(errors, key=lambda e: e.row or 0))
    for row in rows:
        assert row.course is not None
        attendance_save(actor=actor, ward=wards[row.ward_code], course=courses[row.course],
                        trained=row.trained, passed=row.passed)
    return len(rows)


EMULATION_SAMPLE = Path(__file__).resolve().parent / "data" / "sample_emulation_criteria.toml"


def emulation_criteria_load(created_by: Any = None) -> Any:
    """The sample emulation criteria (a criteria set of purpose "emulation"), once."""
    from assessments.criteria_services import criteria_set_load_sample

    return criteria_set_load_sample(created_by=created_by, path=EMULATION_SAMPLE)[0]
