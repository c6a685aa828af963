"""Reads of the force's figures, scoped through the permission layer; the city's lists
are read in a fixed number of queries whatever the number of wards."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from directory.selectors import current_ward_get_for_user
from force.models import (
    Attendance,
    Commendation,
    Course,
    Discipline,
    ProgrammeReview,
    Staffing,
    TrainingPlan,
)
from force.rules import percent
from units.models import OrgUnit
from units.selectors import current_commune_units, lineage_ids


def ward_get_for_user(actor: User, code: str, action: Action = Action.FORCE_VIEW) -> OrgUnit:
    return current_ward_get_for_user(actor, code, action)

def plan_get_for_user(actor: User, pk: int, action: Action = Action.FORCE_VIEW
                      ) -> TrainingPlan:
    return get_for_user(actor, TrainingPlan.objects.select_related("province"), action, pk=pk)


def course_get_for_user(actor: User, pk: int, action: Action = Action.FORCE_VIEW) -> Course:
    return get_for_user(actor, Course.objects.select_related("plan__province"), action, pk=pk)


def commendation_get_for_user(actor: User, pk: int, action: Action = Action.FORCE_VIEW
                              ) -> Commendation:
    rows = Commendation.objects.select_related("proposer_unit", "document", "proposed_by")
    return get_for_user(actor, rows, action, pk=pk)


def review_get_for_user(actor: User, pk: int, action: Action = Action.PLAN_VIEW
                        ) -> ProgrammeReview:
    return get_for_user(actor, ProgrammeReview.objects.select_related("province"), action,
                        pk=pk)


def staffing_of(ward: OrgUnit, year: int) -> Staffing | None:
    return Staffing.objects.filter(ward=ward, year=year).first()


def trained_in(ward: OrgUnit, year: int) -> int:
    """Officers of the ward trained in the year's courses (each course counted apart)."""
    total = Attendance.objects.filter(
        ward_id__in=lineage_ids(ward), course__plan__year=year,
    ).aggregate(n=Sum("trained"))["n"]
    return int(total or 0)


def disciplined_in(ward: OrgUnit, year: int) -> int:
    total = Discipline.objects.filter(ward_id__in=lineage_ids(ward), year=year).aggregate(
        n=Sum("officers"))["n"]
    return int(total or 0)


def plan_for(province: OrgUnit, year: int) -> TrainingPlan | None:
    return TrainingPlan.objects.filter(province=province, year=year).first()


def published_plan_for(ward: OrgUnit, year: int) -> TrainingPlan | None:
    province = ward.province or ward.parent
    return TrainingPlan.objects.filter(province=province, year=year,
                                       published_at__isnull=False).first()


def plan_courses(plan: TrainingPlan) -> list[Course]:
    return list(plan.courses.order_by("starts_on", "pk"))


def ward_attendance(ward: OrgUnit, plan: TrainingPlan) -> dict[int, Attendance]:
    return {a.course_id: a for a in Attendance.objects.filter(ward=ward, course__plan=plan)}


def ward_discipline(ward: OrgUnit, year: int) -> dict[str, Discipline]:
    return {d.level: d for d in Discipline.objects.filter(ward=ward, year=year)}


@dataclass(frozen=True)
class WardForce:
    ward: OrgUnit
    staffing: Staffing | None
    trained: int
    places_due: int  # places of courses already ended
    disciplined: int

    @property
    def training_share(self) -> Decimal | None:
        return percent(self.trained, self.staffing.headcount) if self.staffing else None

    @property
    def behind(self) -> bool:
        return self.trained < self.places_due

    @property
    def staffing_gap(self) -> int | None:
        if self.staffing is None:
            return None
        return self.staffing.establishment - self.staffing.headcount


def province_force(actor: User, province: OrgUnit, year: int) -> list[WardForce]:
    """Every ward in scope with its staffing, training against the plan and discipline,
    in five queries."""
    wards = list(scope(actor, current_commune_units(province), Action.FORCE_VIEW)
                 .order_by("name"))
    ids = [w.pk for w in wards]
    staffing = {s.ward_id: s for s in Staffing.objects.filter(ward_id__in=ids, year=year)}
    trained = dict(Attendance.objects.filter(ward_id__in=ids, course__plan__year=year)
                   .values("ward_id").annotate(n=Sum("trained")).values_list("ward_id", "n"))
    today = timezone.localdate()
    places_due = Course.objects.filter(
        plan__province=province, plan__year=year, plan__published_at__isnull=False,
        ends_on__lt=today).aggregate(n=Sum("places_per_ward"))["n"] or 0
    disciplined = dict(Discipline.objects.filter(ward_id__in=ids, year=year)
                       .values("ward_id").annotate(n=Sum("officers"))
                       .values_list("ward_id", "n"))
    return [WardForce(ward=w, staffing=staffing.get(w.pk), trained=int(trained.get(w.pk, 0)),
                      places_due=int(places_due), disciplined=int(disciplined.get(w.pk, 0)))
            for w in wards]


def commendations(actor: User, *, year: int | None = None, state: str = ""
                  ) -> QuerySet[Commendation]:
    rows = scope(actor, Commendation.objects.select_related("proposer_unit"),
                 Action.FORCE_VIEW)
    if year is not None:
        rows = rows.filter(year=year)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-year", "state", "pk")


def commended_list(province: OrgUnit, year: int) -> list[Commendation]:
    """The year's commendations decided, for the published list."""
    return list(Commendation.objects.filter(
        Q(proposer_unit=province) | Q(proposer_unit__province=province), year=year,
        state=Commendation.State.APPROVED).order_by("award", "unit_name", "person_name"))


def reviews(actor: User, province: OrgUnit) -> QuerySet[ProgrammeReview]:
    return scope(actor, ProgrammeReview.objects.filter(province=province), Action.PLAN_VIEW)


def attendance_rows(actor: User, plan: TrainingPlan
                    ) -> list[tuple[str, str, int, str, int | None, int | None]]:
    """(ward code, ward name, course number, course title, trained, passed) for every ward
    in scope and every course of the plan: the export, and the template to fill in."""
    wards = list(scope(actor, current_commune_units(plan.province), Action.FORCE_VIEW)
                 .order_by("code"))
    courses = plan_courses(plan)
    recorded = {(a.ward_id, a.course_id): a for a in Attendance.objects.filter(
        course__plan=plan, ward__in=wards)}
    rows = []
    for ward in wards:
        for number, course in enumerate(courses, start=1):
            row = recorded.get((ward.pk, course.pk))
            rows.append((ward.code, ward.name, number, course.title,
                         row.trained if row else None, row.passed if row else None))
    return rows
