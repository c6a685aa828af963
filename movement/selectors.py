"""Reads of the "An toàn về ANTT" standard and the movement's models, scoped through the
permission layer. A ward's year is read in a fixed number of queries, whatever its size."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from assessments.models import CriteriaSet, Criterion
from directory.selectors import current_ward_get_for_user
from movement.models import (
    ModelReview,
    ModelType,
    MovementModel,
    SafetyAssessment,
    SafetyDecision,
    SafetyValue,
)
from movement.standard_rules import judgement_day, share
from units.models import OrgUnit
from units.selectors import current_commune_units, groups_on, lineage_ids, lineages


def ward_get_for_user(actor: User, code: str, action: Action = Action.MOVEMENT_VIEW) -> OrgUnit:
    return current_ward_get_for_user(actor, code, action)

def safety_assessment_get_for_user(actor: User, pk: int,
                                   action: Action = Action.MOVEMENT_VIEW) -> SafetyAssessment:
    rows = SafetyAssessment.objects.select_related("unit", "ward", "criteria_set", "decision")
    return get_for_user(actor, rows, action, pk=pk)


def movement_model_get_for_user(actor: User, pk: int,
                                action: Action = Action.MOVEMENT_VIEW) -> MovementModel:
    return get_for_user(actor, MovementModel.objects.select_related("ward", "type"), action,
                        pk=pk)


def criteria_set_for(purpose: str, year: int) -> CriteriaSet | None:
    """The set that judges `purpose` in `year`: the official one before a sample, the newest
    version first."""
    return (CriteriaSet.objects.filter(purpose=purpose, year_from__lte=year, year_to__gte=year)
            .order_by("is_sample", "-legal_basis_date", "-version", "-pk").first())


def criteria_of(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.select_related("group").order_by(
        "group__order", "order", "pk"))


@dataclass
class GroupRow:
    group: OrgUnit
    assessment: SafetyAssessment | None
    # The registration of a predecessor the group carries (merged or split in the year).
    inherited: SafetyAssessment | None = None

    @property
    def registered(self) -> bool:
        return self.assessment is not None or self.inherited is not None

    @property
    def recognised(self) -> bool:
        return self.assessment is not None and self.assessment.is_recognised

    @property
    def meets(self) -> bool:
        return self.assessment is not None and self.assessment.meets is True


@dataclass
class WardYear:
    ward: OrgUnit
    year: int
    day: date
    rows: list[GroupRow]
    commune: SafetyAssessment | None
    decisions: list[SafetyDecision]
    effective_models: int
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def recognised(self) -> int:
        return sum(1 for row in self.rows if row.recognised)

    @property
    def registered(self) -> int:
        return sum(1 for row in self.rows if row.registered)

    @property
    def assessed(self) -> int:
        return sum(1 for row in self.rows if row.assessment and row.assessment.is_assessed)

    @property
    def waiting_recognition(self) -> list[GroupRow]:
        return [row for row in self.rows if row.meets and not row.recognised]

    @property
    def share(self) -> Decimal | None:
        return share(self.recognised, self.total)


def ward_year(ward: OrgUnit, year: int, today: date) -> WardYear:
    """Every group of the ward on the year's judgement day with its registration,
    assessment and recognition; the ward's own assessment; the effective models."""
    day = judgement_day(year, today)
    groups = list(groups_on(ward, day))
    group_lineages = lineages([g.pk for g in groups], date(year, 1, 1))
    unit_ids = set().union(*group_lineages.values()) if group_lineages else set()
    assessments = {a.unit_id: a for a in SafetyAssessment.objects.filter(
        year=year, unit_id__in=unit_ids).select_related("decision")}
    rows = []
    for group in groups:
        own = assessments.get(group.pk)
        inherited = None
        if own is None:
            inherited = next((assessments[u] for u in sorted(group_lineages[group.pk])
                              if u in assessments), None)
        rows.append(GroupRow(group, own, inherited))
    commune = (SafetyAssessment.objects.filter(unit=ward, year=year)
               .select_related("decision", "criteria_set").first())
    decisions = list(SafetyDecision.objects.filter(ward=ward, year=year)
                     .order_by("signed_on", "pk"))
    return WardYear(ward=ward, year=year, day=day, rows=rows, commune=commune,
                    decisions=decisions, effective_models=effective_models(ward, year))


def effective_models(ward: OrgUnit, year: int) -> int:
    return ModelReview.objects.filter(
        model__ward_id__in=lineage_ids(ward), year=year,
        verdict=ModelReview.Verdict.EFFECTIVE).count()


@dataclass(frozen=True)
class WardSummary:
    ward: OrgUnit
    groups: int
    registered: int
    recognised: int
    commune: SafetyAssessment | None
    effective_models: int

    @property
    def share(self) -> Decimal | None:
        return share(self.recognised, self.groups)


def province_overview(actor: User, province: OrgUnit, year: int, today: date
                      ) -> list[WardSummary]:
    """Every ward in the actor's scope with its groups, registrations, recognitions, its own
    standard and its effective models, in five queries whatever the number of wards.

    Groups still attached to a ward merged into another count for the successor only when
    the merger is recorded on the groups' parent, which is how units.services merges; the
    city list reads groups by their parent.
    """
    day = judgement_day(year, today)
    wards = list(scope(actor, current_commune_units(province), Action.MOVEMENT_VIEW)
                 .order_by("name"))
    ids = [w.pk for w in wards]
    on_day = Q(valid_from__isnull=True) | Q(valid_from__lte=day)
    alive = Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    groups = dict(OrgUnit.objects.filter(
        on_day, alive, kind=OrgUnit.Kind.RESIDENTIAL_GROUP, parent_id__in=ids,
    ).values("parent_id").annotate(n=Count("pk")).values_list("parent_id", "n"))
    group_rows = SafetyAssessment.objects.filter(
        year=year, ward_id__in=ids, unit__kind=OrgUnit.Kind.RESIDENTIAL_GROUP,
    ).values("ward_id").annotate(
        registered=Count("pk"), recognised=Count("pk", filter=Q(decision__isnull=False)))
    by_ward = {r["ward_id"]: r for r in group_rows}
    communes = {a.unit_id: a for a in SafetyAssessment.objects.filter(
        year=year, unit_id__in=ids).select_related("decision")}
    effective = dict(ModelReview.objects.filter(
        year=year, model__ward_id__in=ids, verdict=ModelReview.Verdict.EFFECTIVE,
    ).values("model__ward_id").annotate(n=Count("pk")).values_list("model__ward_id", "n"))
    return [WardSummary(
        ward=w, groups=groups.get(w.pk, 0),
        registered=by_ward.get(w.pk, {}).get("registered", 0),
        recognised=by_ward.get(w.pk, {}).get("recognised", 0),
        commune=communes.get(w.pk), effective_models=effective.get(w.pk, 0),
    ) for w in wards]


def model_types(active_only: bool = False) -> QuerySet[ModelType]:
    types = ModelType.objects.annotate(model_count=Count("models"))
    return types.filter(is_active=True) if active_only else types


def ward_models(ward: OrgUnit) -> QuerySet[MovementModel]:
    return (MovementModel.objects.filter(ward_id__in=lineage_ids(ward))
            .select_related("type").prefetch_related("reviews", "groups", "photos"))


@dataclass(frozen=True)
class TypeCount:
    type: ModelType
    models: int
    wards: int
    effective: int


def models_by_type(actor: User, province: OrgUnit, year: int) -> list[TypeCount]:
    """How many models of each kind run in the province (not stopped), in how many wards,
    and how many the year's review found effective; three queries."""
    visible = scope(actor, MovementModel.objects.filter(
        Q(ward__province=province) | Q(ward=province)), Action.MOVEMENT_VIEW)
    running = visible.filter(stopped_on__isnull=True)
    counts = {r["type_id"]: r for r in running.values("type_id").annotate(
        n=Count("pk"), wards=Count("ward_id", distinct=True))}
    effective = dict(ModelReview.objects.filter(
        model__in=visible, year=year, verdict=ModelReview.Verdict.EFFECTIVE,
    ).values("model__type_id").annotate(n=Count("pk")).values_list("model__type_id", "n"))
    return [TypeCount(type=t, models=counts.get(t.pk, {}).get("n", 0),
                      wards=counts.get(t.pk, {}).get("wards", 0),
                      effective=effective.get(t.pk, 0))
            for t in ModelType.objects.order_by("order", "name")]


def groups_among(ward: OrgUnit, day: date, ids: list[int] | set[int]) -> QuerySet[OrgUnit]:
    """The ward's groups on `day` whose ids are given (the choices of a form)."""
    return groups_on(ward, day).filter(pk__in=ids)


def stored_values(assessment: SafetyAssessment) -> dict[int, SafetyValue]:
    return {v.criterion_id: v for v in assessment.values.all()}


def results_rows(situation: WardYear) -> list[tuple[str, str, dict[int, str], str]]:
    """(code, name, values by criterion id, evidence) of every group, for the export."""
    by_assessment: dict[int, list[SafetyValue]] = {}
    for value in SafetyValue.objects.filter(
            assessment__in=[r.assessment for r in situation.rows if r.assessment]):
        by_assessment.setdefault(value.assessment_id, []).append(value)
    rows = []
    for row in situation.rows:
        stored = by_assessment.get(row.assessment.pk, []) if row.assessment else []
        evidence = next((v.evidence for v in stored if v.evidence), "")
        rows.append((row.group.code, row.group.name,
                     {v.criterion_id: v.value for v in stored}, evidence))
    return rows


def model_type_get(pk: str) -> ModelType | None:
    return ModelType.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def model_groups(model: MovementModel) -> list[OrgUnit]:
    return list(model.groups.all())


def model_reviews(model: MovementModel) -> list[ModelReview]:
    return list(model.reviews.all())
