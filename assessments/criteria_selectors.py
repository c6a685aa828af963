"""Reads of criteria sets, always through the permission layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from assessments import sources
from assessments.models import Assessment, CriteriaGroup, CriteriaSet, Criterion, Transition


def criteria_set_list(*, actor: User) -> list[Any]:
    """Every set the actor may read, with its criterion count and whether it is frozen (by a
    submitted dossier, read in the same query, or by another app's use: `sources.first_use`,
    asked only for the few sets that are not the ward police's)."""
    submitted = Assessment.objects.filter(criteria_set=OuterRef("pk")).exclude(
        state=Assessment.State.DRAFT
    )
    sets: list[Any] = list(scope(actor, CriteriaSet.objects.all(), Action.CRITERIA_VIEW).annotate(
        criteria_count=Count("criteria"), locked=Exists(submitted)
    ).order_by("-year_from", "name", "-version", "-pk"))
    for criteria_set in sets:
        if not criteria_set.locked and criteria_set.purpose != CriteriaSet.Purpose.WARD_POLICE:
            criteria_set.locked = sources.first_use(criteria_set) is not None
    return sets


def criteria_set_get_for_user(
    actor: User, pk: int, action: Action = Action.CRITERIA_VIEW
) -> CriteriaSet:
    """One set for a view: 404 when not visible, 403 when visible but `action` is not allowed."""
    sets = CriteriaSet.objects.select_related("previous_version", "created_by")
    return get_for_user(actor, sets, action, pk=pk)


@dataclass
class CriterionNode:
    criterion: Criterion
    children: list[Criterion] = field(default_factory=list)


@dataclass
class GroupNode:
    group: CriteriaGroup
    criteria: list[CriterionNode] = field(default_factory=list)

    @property
    def max_score(self) -> Decimal:
        return sum((node.criterion.max_score for node in self.criteria), Decimal(0))


def criteria_tree(criteria_set: CriteriaSet) -> list[GroupNode]:
    """Groups, their criteria and sub-criteria in display order, in two queries."""
    nodes = {g.pk: GroupNode(g) for g in criteria_set.groups.order_by("order", "code")}
    criteria = list(criteria_set.criteria.order_by("order", "pk"))
    parents: dict[int, CriterionNode] = {}
    for criterion in criteria:
        if criterion.parent_id is None:
            parents[criterion.pk] = CriterionNode(criterion)
            nodes[criterion.group_id].criteria.append(parents[criterion.pk])
    for criterion in criteria:
        if criterion.parent_id is not None and criterion.parent_id in parents:
            parents[criterion.parent_id].children.append(criterion)
    return list(nodes.values())


@dataclass(frozen=True)
class SetLock:
    """Why a set can no longer change: a dossier was submitted against it."""

    ward: str
    year: int
    submitted_at: datetime

    @property
    def message(self) -> str:
        day = formats.date_format(timezone.localtime(self.submitted_at), "SHORT_DATE_FORMAT")
        return _(
            "This criteria set is locked: the %(year)s self-assessment of %(ward)s was "
            "submitted against it on %(day)s, so its criteria must stay as they were. Only a "
            "copy can be changed: make a new version and edit that."
        ) % {"ward": self.ward, "year": self.year, "day": day}


def criteria_set_lock(criteria_set: CriteriaSet) -> SetLock | None:
    if criteria_set.purpose != CriteriaSet.Purpose.WARD_POLICE:
        use = sources.first_use(criteria_set)
        return SetLock(ward=use[0], year=use[1], submitted_at=use[2]) if use else None
    first = (
        Transition.objects.filter(
            assessment__criteria_set=criteria_set, to_state=Assessment.State.SUBMITTED
        ).select_related("assessment__ward", "assessment__round").order_by("at", "pk").first()
    )
    if first is not None:
        assessment, when = first.assessment, first.at
    else:
        # Dossiers moved on without a recorded submission (loaded data): date them by update.
        found = criteria_set.assessments.exclude(state=Assessment.State.DRAFT).select_related(
            "ward", "round").order_by("updated_at").first()
        if found is None:
            return None
        assessment, when = found, found.updated_at
    return SetLock(ward=assessment.ward.name, year=assessment.round.year, submitted_at=when)


def criteria_set_total_score(criteria_set: CriteriaSet) -> Decimal:
    top = criteria_set.criteria.filter(parent__isnull=True).values_list("max_score", flat=True)
    return sum(top, Decimal(0))


def _with_totals(sets: QuerySet[CriteriaSet]) -> QuerySet[CriteriaSet]:
    # Both read the one join to the criteria, so neither multiplies the other's rows.
    return sets.annotate(
        criteria_count=Count("criteria"),
        max_total_score=Sum("criteria__max_score", filter=Q(criteria__parent__isnull=True),
                            default=Decimal(0)),
    )


def criteria_set_register(*, actor: User, purpose: str | None = None,
                          year: int | None = None) -> QuerySet[CriteriaSet]:
    """The sets the actor may read, as another system mirrors them (the API): with their
    number of criteria and the points their top-level criteria are worth, summed by the
    database so a page of sets is one query. `year`: the sets that apply in that year."""
    sets = scope(actor, CriteriaSet.objects.all(), Action.CRITERIA_VIEW)
    if purpose is not None:
        sets = sets.filter(purpose=purpose)
    if year is not None:
        sets = sets.filter(year_from__lte=year, year_to__gte=year)
    return _with_totals(sets)


def criteria_set_register_get(actor: User, pk: int) -> CriteriaSet:
    """One set of `criteria_set_register`, through the permission layer (404 / 403)."""
    return get_for_user(actor, _with_totals(CriteriaSet.objects.all()), Action.CRITERIA_VIEW,
                        pk=pk)
