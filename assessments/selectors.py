"""Reads about rounds, registrations and dossiers, always through the permission layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, get_for_user, require, scope, wards_granted
from assessments.models import (
    Assessment,
    AssessmentValue,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    RecognitionRound,
    Transition,
)
from attachments.models import Attachment
from units.models import OrgUnit

# Round-detail filter values besides the assessment states.
REGISTERED = "registered"
NOT_REGISTERED = "not_registered"


# --- Rounds ------------------------------------------------------------------------------

def _visible_province_ids(actor: User) -> QuerySet[OrgUnit, Any]:
    """Provinces in which the actor sees at least one unit's assessments.

    A ward user's scope reaches its ward, not the province, yet the ward must still see the
    province's round to register for it.
    """
    units = scope(actor, OrgUnit.objects.all(), Action.ASSESSMENT_VIEW)
    return OrgUnit.objects.filter(
        Q(kind=OrgUnit.Kind.PROVINCE)
        & (Q(pk__in=units.values("pk")) | Q(pk__in=units.values("province_id")))
    ).values("pk")


def round_list(*, actor: User) -> QuerySet[RecognitionRound]:
    """Rounds of the provinces the actor works in, newest first, with registration counts."""
    return (
        RecognitionRound.objects.filter(province__in=_visible_province_ids(actor))
        .select_related("province", "criteria_set")
        .annotate(registered=Count("registrations", distinct=True))
        .order_by("-year", "province__code")
    )


def round_get_for_user(
    actor: User, year: int, action: Action = Action.ASSESSMENT_VIEW
) -> RecognitionRound:
    """A round for a city page: 404 when no visible round has that year, 403 without `action`.

    Ward users see their province's round (to register), but not the city's pages about it.
    """
    found = round_list(actor=actor).filter(year=year).first()
    if found is None:
        raise Http404
    require(actor, action, found)
    return found


def round_get_for_ward(*, ward: OrgUnit, year: int) -> RecognitionRound:
    """The round of the ward's province (the ward itself was fetched through the permissions)."""
    found = RecognitionRound.objects.filter(province_id=ward.province_id, year=year).first()
    if found is None:
        raise Http404
    return found


def round_state_counts(rounds: list[RecognitionRound]) -> dict[int, list[tuple[str, int]]]:
    """round id → [(state label, number of dossiers)], in the procedure's order, one query."""
    order = {value: n for n, value in enumerate(Assessment.State.values)}
    rows = (
        Assessment.objects.filter(round__in=rounds)
        .values("round_id", "state").annotate(n=Count("pk")).order_by()
    )
    counts: dict[int, list[tuple[str, str, int]]] = {}
    for row in rows:
        counts.setdefault(row["round_id"], []).append(
            (row["state"], str(Assessment.State(row["state"]).label), row["n"])
        )
    return {
        round_id: [(label, n) for _state, label, n in sorted(items, key=lambda i: order[i[0]])]
        for round_id, items in counts.items()
    }


def commune_unit_counts(province_ids: set[int]) -> dict[int, int]:
    """province id → number of current commune-level units, one query."""
    rows = (
        OrgUnit.objects.filter(province_id__in=province_ids, kind__in=OrgUnit.COMMUNE_LEVEL,
                               valid_to__isnull=True)
        .values("province_id").annotate(n=Count("pk")).order_by()
    )
    return {row["province_id"]: row["n"] for row in rows}


def manageable_provinces(actor: User) -> QuerySet[OrgUnit]:
    """Provinces in which the actor may open rounds."""
    return scope(
        actor, OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True),
        Action.ROUND_MANAGE,
    ).order_by("code")


def criteria_sets_for_rounds() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(purpose=CriteriaSet.Purpose.WARD_POLICE)


def own_wards(actor: User) -> list[OrgUnit]:
    """The wards the actor works for (ward-level roles), not every ward a city role sees."""
    return wards_granted(actor, Action.ASSESSMENT_VIEW)


def assessments_of_wards(wards: list[OrgUnit]) -> dict[tuple[int, int], Assessment]:
    """(round id, ward id) → the ward's dossier, for the ward's own round list."""
    found = Assessment.objects.filter(ward__in=wards).select_related("round")
    return {(a.round_id, a.ward_id): a for a in found}


def round_units(
    *, actor: User, round: RecognitionRound, status: str = ""
) -> QuerySet[OrgUnit]:
    """Every commune-level unit of the round's province with its dossier, if any (one query).

    `status`: "registered", "not_registered" or an assessment state.
    """
    units = scope(
        actor,
        OrgUnit.objects.filter(province_id=round.province_id, kind__in=OrgUnit.COMMUNE_LEVEL),
        Action.ASSESSMENT_VIEW,
    ).annotate(
        dossier=FilteredRelation("assessments", condition=Q(assessments__round=round)),
    ).annotate(
        assessment_pk=F("dossier__pk"), assessment_state=F("dossier__state"),
        assessment_score=F("dossier__total_score"), assessment_passes=F("dossier__passes"),
        assessment_mandatory_met=F("dossier__mandatory_met"),
        # Labelled in the query, in the request's language: the rows are not Assessments.
        assessment_state_label=Case(
            *(When(dossier__state=value, then=Value(str(label)))
              for value, label in Assessment.State.choices),
            default=Value(""), output_field=CharField(),
        ),
    )
    # A unit retired since it registered still shows with its dossier.
    units = units.filter(Q(valid_to__isnull=True) | Q(dossier__isnull=False))
    if status == REGISTERED:
        units = units.filter(dossier__isnull=False)
    elif status == NOT_REGISTERED:
        units = units.filter(dossier__isnull=True)
    elif status in Assessment.State.values:
        units = units.filter(dossier__state=status)
    return units.order_by("code")


# --- Dossiers ----------------------------------------------------------------------------

def assessment_get_for_user(
    actor: User, pk: int, action: Action = Action.ASSESSMENT_VIEW
) -> Assessment:
    """One dossier for a view: 404 outside the actor's scope, 403 in scope without `action`."""
    assessments = Assessment.objects.select_related(
        "ward", "ward__province", "round", "round__province", "criteria_set", "opinions_file",
        "minutes_file",
        "decision_file",
    )
    return get_for_user(actor, assessments, action, pk=pk)


def assessment_value_get(assessment: Assessment, criterion_pk: int) -> AssessmentValue:
    """One criterion's value of a dossier the caller already fetched through the permissions."""
    value = (
        assessment.values.select_related("criterion", "criterion__group", "updated_by")
        .prefetch_related(_evidence_prefetch())
        .filter(criterion_id=criterion_pk).first()
    )
    if value is None:
        raise Http404
    return value


def _evidence_prefetch() -> Prefetch[Any]:
    return Prefetch("evidence", queryset=Attachment.objects.order_by("uploaded_at", "pk"))


def assessment_values(assessment: Assessment) -> QuerySet[AssessmentValue]:
    """The dossier's values in the set's order, with criteria, groups and evidence loaded."""
    return (
        assessment.values.select_related("criterion", "criterion__group", "updated_by")
        .prefetch_related(_evidence_prefetch())
        .order_by("criterion__group__order", "criterion__group__code", "criterion__order",
                  "criterion__code")
    )


def value_display(criterion: Criterion, value: str) -> str:
    """A stored canonical value as officials read it: “Yes”, “12,5”, “85 %”."""
    return criterion.format_value(
        value, yes=_("Yes"), no=_("No"), number=formats.number_format, percent=" %"
    ) or "—"


def target_display(criterion: Criterion) -> str:
    """The target as the pages show it: “≥ 90 %”, “Yes”, or nothing."""
    return criterion.format_target(
        yes=_("Yes"), no=_("No"), number=lambda n: formats.number_format(n.normalize()),
        percent=" %")


def row_anchor(criterion: Criterion) -> str:
    """The row's HTML id (#c-<code>); codes are data, so whitespace is made id-safe."""
    return "c-" + re.sub(r"\s+", "-", criterion.code)


@dataclass
class DossierRow:
    value: AssessmentValue
    criterion: Criterion
    depth: int
    is_parent: bool
    anchor: str
    target: str
    evidence: list[Attachment]

    @property
    def shown(self) -> str:
        """The value as the page shows it ("Có", "95,5"), "" when there is none."""
        return value_display(self.criterion, self.value.value) if self.value.value else ""

    @property
    def selector(self) -> str:
        """The row's id as a CSS selector: codes such as “1.4” need their dots escaped."""
        return "#" + re.sub(r"([^A-Za-z0-9_-])", r"\\\1", self.anchor)


@dataclass
class DossierGroup:
    group: CriteriaGroup
    rows: list[DossierRow] = field(default_factory=list)


def dossier_row(value: AssessmentValue, *, depth: int = 0, is_parent: bool | None = None
                ) -> DossierRow:
    criterion = value.criterion
    if is_parent is None:
        is_parent = criterion.children.exists()
    return DossierRow(
        value=value, criterion=criterion, depth=depth, is_parent=is_parent,
        anchor=row_anchor(criterion), target=target_display(criterion),
        evidence=list(value.evidence.all()),
    )


def dossier_groups(assessment: Assessment) -> list[DossierGroup]:
    """The dossier as the set lays it out: groups, then criteria with sub-criteria indented."""
    values = list(assessment_values(assessment))
    children: dict[int, list[AssessmentValue]] = {}
    for value in values:
        if value.criterion.parent_id:
            children.setdefault(value.criterion.parent_id, []).append(value)
    groups: dict[int, DossierGroup] = {}

    def add(value: AssessmentValue, depth: int) -> None:
        kids = children.get(value.criterion_id, [])
        group = groups.setdefault(value.criterion.group_id, DossierGroup(value.criterion.group))
        group.rows.append(dossier_row(value, depth=depth, is_parent=bool(kids)))
        for kid in kids:
            add(kid, depth + 1)

    for value in values:
        if not value.criterion.parent_id:
            add(value, 0)
    return list(groups.values())


# --- Gap to recognition ------------------------------------------------------------------

@dataclass(frozen=True)
class Gap:
    """One criterion that is not yet met, and what it lacks."""

    criterion: Criterion
    value: AssessmentValue
    anchor: str
    missing_value: bool
    below_target: bool
    missing_evidence: bool
    shown_value: str
    target: str
    shortfall: Decimal

    @property
    def blocks(self) -> bool:
        """A mandatory criterion not met rules recognition out whatever the score."""
        return self.criterion.mandatory and self.value.met is not True


@dataclass(frozen=True)
class GapReport:
    gaps: list[Gap]
    pass_score: Decimal
    total_score: Decimal
    score_shortfall: Decimal
    mandatory_unmet: int


def gap_to_recognition(assessment: Assessment) -> GapReport:
    """The criteria that stand between the dossier and recognition, the most blocking first.

    Mandatory criteria not met come first (any one of them alone rules recognition out),
    then the largest score shortfall; parents are left out, their sub-criteria speak.
    """
    values = list(assessment_values(assessment))
    parents = {v.criterion.parent_id for v in values if v.criterion.parent_id}
    gaps = []
    for value in values:
        criterion = value.criterion
        if criterion.pk in parents:
            continue
        missing_value = value.value == ""
        below_target = not missing_value and value.met is False
        missing_evidence = criterion.evidence_required and not value.evidence.all()
        if not (missing_value or below_target or missing_evidence):
            continue
        gaps.append(Gap(
            criterion=criterion, value=value, anchor=row_anchor(criterion),
            missing_value=missing_value, below_target=below_target,
            missing_evidence=missing_evidence,
            shown_value=value_display(criterion, value.value), target=target_display(criterion),
            shortfall=max(criterion.max_score - value.score, Decimal(0)),
        ))
    gaps.sort(key=lambda g: (not g.blocks, -g.shortfall))
    pass_score = assessment.criteria_set.pass_score
    return GapReport(
        gaps=gaps, pass_score=pass_score, total_score=assessment.total_score,
        score_shortfall=max(pass_score - assessment.total_score, Decimal(0)),
        mandatory_unmet=sum(1 for g in gaps if g.blocks),
    )


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int


def dossier_progress(assessment: Assessment) -> Progress:
    """How many criteria the ward has answered, counting only those it fills in itself."""
    leaves = assessment.values.filter(criterion__children__isnull=True)
    counts = leaves.aggregate(
        total=Count("pk", distinct=True),
        answered=Count("pk", filter=~Q(value=""), distinct=True),
    )
    return Progress(answered=counts["answered"], total=counts["total"])


def value_ancestors(value: AssessmentValue) -> list[AssessmentValue]:
    """The values of the criterion's parents, nearest first, whose results follow from it."""
    ancestors = []
    parent_id = value.criterion.parent_id
    while parent_id:
        parent = assessment_value_get(value.assessment, parent_id)
        ancestors.append(parent)
        parent_id = parent.criterion.parent_id
    return ancestors


# --- For other systems (the API) ---------------------------------------------------------

def round_register(*, actor: User, year: int | None = None, province: int | None = None,
                   is_open: bool | None = None) -> QuerySet[RecognitionRound]:
    """The rounds `round_list` shows the actor (a ward sees its province's round, to
    register), narrowed by the filters given, without the registration counts: those tell
    a ward how the other wards stand."""
    rounds = RecognitionRound.objects.filter(
        province__in=_visible_province_ids(actor)).select_related("province", "criteria_set")
    if year is not None:
        rounds = rounds.filter(year=year)
    if province is not None:
        rounds = rounds.filter(province_id=province)
    if is_open is not None:
        rounds = rounds.filter(is_open=is_open)
    return rounds


def round_get_visible(actor: User, pk: int) -> RecognitionRound:
    """One round of `round_register`, or 404: what a list shows, its detail shows."""
    found = round_register(actor=actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _dossiers() -> QuerySet[Assessment]:
    """Dossiers with what a summary of each needs, in the one query of their page: the
    ward, round and set, and when the ward last submitted (its latest step to submitted)."""
    last_submitted = (Transition.objects.filter(assessment=OuterRef("pk"),
                                                to_state=Assessment.State.SUBMITTED)
                      .order_by("-at", "-pk").values("at")[:1])
    return Assessment.objects.select_related(
        "ward", "round", "round__province", "criteria_set",
    ).annotate(submitted_at=Subquery(last_submitted))


def assessment_register(*, actor: User, year: int | None = None, ward: int | None = None,
                        state: str | None = None, round: int | None = None
                        ) -> QuerySet[Assessment]:
    """The dossiers the actor may see, narrowed by the filters given (`ward`, `round`: ids)."""
    dossiers = scope(actor, _dossiers(), Action.ASSESSMENT_VIEW)
    if year is not None:
        dossiers = dossiers.filter(round__year=year)
    if ward is not None:
        dossiers = dossiers.filter(ward_id=ward)
    if state is not None:
        dossiers = dossiers.filter(state=state)
    if round is not None:
        dossiers = dossiers.filter(round_id=round)
    return dossiers


def dossier_get_for_user(actor: User, pk: int,
                         action: Action = Action.ASSESSMENT_VIEW) -> Assessment:
    """`assessment_get_for_user` with the summary fields of `assessment_register`."""
    return get_for_user(actor, _dossiers(), action, pk=pk)
