"""Reads behind the outputs: the city matrix, the recognition dossier and the public list.

The matrix reads every value of a round in one query and pivots it in Python, so its cost
does not grow in queries with the number of wards (126 in Hà Nội, 3,321 in the country).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from accounts.permissions import Action, scope
from assessments.models import (
    Assessment,
    AssessmentValue,
    CriteriaGroup,
    Criterion,
    RecognitionRound,
    Transition,
)
from units.models import OrgUnit


def round_for_matrix(actor: User, year: int) -> RecognitionRound:
    """The round of `year` whose matrix the actor may open, or 404.

    City roles see the rounds of their province; ward roles see no round as such (the
    permission layer scopes rounds by province) but may open the matrix of a round in
    which they see their own dossier: their matrix then has one row.
    """
    visible_assessments = scope(actor, Assessment.objects.all(), Action.ASSESSMENT_VIEW)
    visible_rounds = scope(actor, RecognitionRound.objects.all(), Action.ASSESSMENT_VIEW)
    rounds = (
        RecognitionRound.objects.filter(year=year)
        .filter(Q(pk__in=visible_rounds.values("pk"))
                | Q(pk__in=visible_assessments.values("round_id")))
        .select_related("province", "criteria_set")
        # A nationwide administrator sees several provinces: this installation's first.
        .annotate(home=Case(When(province__code=settings.KIEUMAU_PROVINCE_CODE, then=Value(0)),
                            default=Value(1), output_field=IntegerField()))
        .order_by("home", "province__code")
    )
    found = rounds.first()
    if found is None:
        raise Http404
    return found


# --- The city matrix ---------------------------------------------------------------------

SHORT_CELL = 18
EMPTY_TD = SafeString('<td class="cell"></td>')  # a constant: nothing to escape

def score_text(score: Decimal | None) -> str:
    """A score as officials write it: no trailing zeros, the locale's decimal separator."""
    if score is None:
        return ""
    plain = score.quantize(Decimal(1)) if score == score.to_integral_value() else score.normalize()
    return formats.number_format(plain)


def value_text(criterion: Criterion, value: str, *, yes: str, no: str) -> str:
    """The canonical stored value as a reader expects it (yes/no words, %, local decimals)."""
    return criterion.format_value(value, yes=yes, no=no, number=score_text)


@dataclass(frozen=True)
class Cell:
    value: str
    met: bool | None
    score: Decimal
    text: str
    score_text: str
    # Prepared here, once per kind, rather than per cell in the template: a Hà Nội matrix
    # has 126 × 40 cells and template tags are the slow part of rendering it.
    mark: str = ""

    @property
    def short(self) -> str:
        return self.text if len(self.text) <= SHORT_CELL else self.text[:SHORT_CELL - 1] + "…"

    @property
    def css(self) -> str:
        return {True: "m-ok", False: "m-bad"}.get(self.met, "m-none")  # type: ignore[arg-type]

    @cached_property
    def td(self) -> SafeString:
        """The cell as the matrix page writes it: the full text as a tooltip when cut."""
        title = format_html(' title="{}"', self.text) if self.short != self.text else ""
        return format_html('<td class="cell {}"{}>{}{}<small>{}</small></td>',
                           self.css, title, self.short, self.mark, self.score_text)


@dataclass
class MatrixRow:
    assessment: Assessment
    cells: list[Cell | None]

    @property
    def total_text(self) -> str:
        return score_text(self.assessment.total_score)

    def cells_html(self) -> SafeString:
        # One string per row rather than a template loop: 5,040 cells of a Hà Nội matrix
        # cost most of the page's time as template variables (bench/assessment_matrix.py).
        return format_html_join("", "{}", ((cell.td if cell else EMPTY_TD,)
                                           for cell in self.cells))


@dataclass
class Matrix:
    round: RecognitionRound
    groups: list[CriteriaGroup]
    criteria: list[Criterion]
    rows: list[MatrixRow] = field(default_factory=list)
    # Criterion ids that open a group: the screen and the workbook draw a boundary there.
    group_starts: frozenset[int] = frozenset()

    @property
    def passing(self) -> int:
        return sum(1 for r in self.rows if r.assessment.passes)


def matrix_assessments(actor: User, round: RecognitionRound, *, state: str = ""
                       ) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(round=round)
    if state:
        assessments = assessments.filter(state=state)
    return scope(actor, assessments, Action.ASSESSMENT_VIEW).select_related("ward").order_by(
        "ward__code"
    )


def matrix_rows(round: RecognitionRound, *, actor: User, state: str = "") -> Matrix:
    """Wards × criteria of one round, as far as the actor may see: four queries in all."""
    criteria = list(
        Criterion.objects.filter(criteria_set_id=round.criteria_set_id)
        .select_related("group")
        .order_by("group__order", "group__code", "order", "code")
    )
    groups: list[CriteriaGroup] = []
    starts = set()
    for criterion in criteria:
        if not groups or groups[-1].pk != criterion.group_id:
            groups.append(criterion.group)
            starts.add(criterion.pk)
    assessments = list(matrix_assessments(actor, round, state=state))
    values = AssessmentValue.objects.filter(
        assessment__in=matrix_assessments(actor, round, state=state).values("pk")
    ).values_list("assessment_id", "criterion_id", "value", "met", "score")
    yes, no = _("Yes"), _("No")
    marks = {
        True: format_html(' <span class="mark" title="{0}" aria-label="{0}">✓</span>', _("met")),
        False: format_html(' <span class="mark" title="{0}" aria-label="{0}">✗</span>',
                           _("not met")),
        None: "",
    }
    by_id = {c.pk: c for c in criteria}
    position = {c.pk: i for i, c in enumerate(criteria)}
    cells: dict[int, list[Cell | None]] = {a.pk: [None] * len(criteria) for a in assessments}
    # Wards give the same answers to a criterion over and over ("Có", 100 %): one Cell per
    # distinct answer, shared by the rows, is formatted and written once, not 5,040 times.
    made: dict[tuple[int, str, bool | None, Decimal], Cell] = {}
    for assessment_id, criterion_id, value, met, score in values:
        row = cells.get(assessment_id)
        judged = by_id.get(criterion_id)
        if row is None or judged is None:
            continue  # a value of an assessment that changed state between the two reads
        key = (criterion_id, value, met, score)
        cell = made.get(key)
        if cell is None:
            cell = made[key] = Cell(
                value=value, met=met, score=score,
                text=value_text(judged, value, yes=yes, no=no),
                # An unanswered criterion has no score yet, not a score of zero.
                score_text=score_text(score) if met is not None else "",
                mark=marks[met],
            )
        row[position[criterion_id]] = cell
    return Matrix(
        round=round, groups=groups, criteria=criteria,
        rows=[MatrixRow(assessment=a, cells=cells[a.pk]) for a in assessments],
        group_starts=frozenset(starts),
    )


# --- The recognition dossier ---------------------------------------------------------------

def dossier_values(assessment: Assessment) -> QuerySet[AssessmentValue]:
    """The dossier's values in the criteria set's order, with how many files back each."""
    return (
        AssessmentValue.objects.filter(assessment=assessment)
        .select_related("criterion", "criterion__group", "overridden_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("criterion__group__order", "criterion__group__code", "criterion__order",
                  "criterion__code")
    )


def submitted_on(assessment: Assessment) -> date | None:
    """The local day the ward last submitted the dossier, if it did."""
    last = (
        Transition.objects.filter(assessment=assessment, to_state=Assessment.State.SUBMITTED)
        .order_by("-at", "-pk").values_list("at", flat=True).first()
    )
    return timezone.localdate(last) if last else None


def ward_chief_name(ward: OrgUnit) -> str:
    """The full name of the ward's police chief (latest active assignment), or ""."""
    name = (
        RoleAssignment.objects.filter(role=Role.WARD_CHIEF, org_unit=ward,
                                      revoked_at__isnull=True, user__is_active=True)
        .order_by("-pk").values_list("user__full_name", flat=True).first()
    )
    return name or ""


# --- The public list -------------------------------------------------------------------------

@dataclass(frozen=True)
class RecognisedUnit:
    """Only what the public may know: no signer, no officer, no score detail."""

    ward_name: str
    decision_number: str
    decision_date: date | None


def recognised_years() -> list[int]:
    years: Iterable[int] = (
        Assessment.objects.filter(state=Assessment.State.RECOGNISED)
        .values_list("round__year", flat=True).distinct().order_by("-round__year")
    )
    return list(years)


def recognised_units(year: int) -> list[RecognisedUnit]:
    rows = (
        Assessment.objects.filter(state=Assessment.State.RECOGNISED, round__year=year)
        .order_by("ward__name", "ward__code")
        .values_list("ward__name", "decision_number", "decision_date")
    )
    return [RecognisedUnit(name, number, day) for name, number, day in rows]
