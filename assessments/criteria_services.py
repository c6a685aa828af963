"""Writes about criteria sets: import, replace from a file, copy into a version, edit, sample.

A set that a submitted dossier used is frozen (`CriteriaSet.is_locked`): every write here
refuses it, saying which dossier froze it, and points to a copy instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from assessments.criteria_io import CriteriaSetData, read_toml, read_xlsx
from assessments.criteria_selectors import criteria_set_lock, criteria_set_total_score
from assessments.models import AssessmentValue, CriteriaGroup, CriteriaSet, Criterion
from assessments.services import assessment_recompute

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "sample_criteria_set.toml"
CRITERION_FIELDS = (
    "title", "guidance", "value_type", "choices", "comparison", "target", "max_score",
    "mandatory", "evidence_required", "legal_source", "value_source", "source_key",
)


@dataclass(frozen=True)
class ReplaceResult:
    criteria_set: CriteriaSet
    drafts_updated: int
    values_cleared: int


def _require_manage(actor: User, criteria_set: CriteriaSet | None = None) -> None:
    require(actor, Action.CRITERIA_MANAGE, criteria_set)


def _refuse_if_locked(criteria_set: CriteriaSet) -> None:
    # Held until the end of the write, so two editors cannot interleave.
    CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk).first()
    if criteria_set.is_locked():
        lock = criteria_set_lock(criteria_set)
        raise ValidationError(lock.message if lock else _("This criteria set is locked."),
                              code="locked")


@transaction.atomic
def criteria_set_import(*, actor: User, data: bytes) -> CriteriaSet:
    """A new set (version 1) from a workbook; ImportErrors stores nothing."""
    _require_manage(actor)
    parsed = read_xlsx(data)
    return _create(parsed, created_by=actor)


@transaction.atomic
def criteria_set_replace(*, actor: User, criteria_set: CriteriaSet, data: bytes) -> ReplaceResult:
    """Make an unlocked set say exactly what the workbook says.

    Criteria are matched by code, so draft dossiers keep the values of criteria that stay;
    values of removed criteria, or of criteria whose type or options changed, are cleared.
    """
    _require_manage(actor, criteria_set)
    _refuse_if_locked(criteria_set)
    parsed = read_xlsx(data)
    _check_rounds_fit(criteria_set, parsed.year_from, parsed.year_to)
    _set_metadata(criteria_set, parsed)
    criteria_set.save()
    cleared = _sync_contents(criteria_set, parsed)
    drafts = list(criteria_set.assessments.all())
    for assessment in drafts:
        assessment_recompute(assessment=assessment)
    return ReplaceResult(criteria_set, len(drafts), cleared)


@transaction.atomic
def criteria_set_copy(*, actor: User, criteria_set: CriteriaSet) -> CriteriaSet:
    """The next version (after the highest of that name): the same metadata, groups and
    criteria, free to change."""
    _require_manage(actor, criteria_set)
    # Copying version 1 twice must not make two "version 2"s of the same set.
    latest = CriteriaSet.objects.filter(name=criteria_set.name).aggregate(v=Max("version"))["v"]
    copy = CriteriaSet.objects.create(
        name=criteria_set.name, legal_basis_number=criteria_set.legal_basis_number,
        legal_basis_date=criteria_set.legal_basis_date, year_from=criteria_set.year_from,
        year_to=criteria_set.year_to, pass_score=criteria_set.pass_score,
        is_sample=criteria_set.is_sample,
        version=max(latest or 0, criteria_set.version) + 1,
        previous_version=criteria_set, created_by=actor,
    )
    groups = {}
    for group in criteria_set.groups.all():
        groups[group.pk] = CriteriaGroup.objects.create(
            criteria_set=copy, code=group.code, title=group.title, order=group.order
        )
    copies: dict[int, Criterion] = {}
    # Parents first, so that each sub-criterion can point at its parent's copy.
    # (NULLs sort first on SQLite but last on PostgreSQL, hence nulls_first.)
    parents_first = F("parent_id").asc(nulls_first=True)
    for criterion in criteria_set.criteria.order_by(parents_first, "order", "pk"):
        fields = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
        copies[criterion.pk] = Criterion.objects.create(
            criteria_set=copy, group=groups[criterion.group_id], order=criterion.order,
            parent=copies.get(criterion.parent_id) if criterion.parent_id else None,
            code=criterion.code, **fields,
        )
    return copy


@transaction.atomic
def criteria_set_update(
    *, actor: User, criteria_set: CriteriaSet, name: str, legal_basis_number: str,
    legal_basis_date: date | None, year_from: int, year_to: int, pass_score: Decimal,
) -> CriteriaSet:
    _require_manage(actor, criteria_set)
    _refuse_if_locked(criteria_set)
    errors = {}
    if year_to < year_from:
        errors["year_to"] = _("The last year cannot be before the first year.")
    total = criteria_set_total_score(criteria_set)
    if pass_score > total:
        errors["pass_score"] = _(
            "The pass mark is higher than the total of the maximum scores (%(total)s)."
        ) % {"total": format(total.normalize(), "f")}
    if errors:
        raise ValidationError(errors)
    _check_rounds_fit(criteria_set, year_from, year_to)
    criteria_set.name = name
    criteria_set.legal_basis_number = legal_basis_number
    criteria_set.legal_basis_date = legal_basis_date
    criteria_set.year_from, criteria_set.year_to = year_from, year_to
    criteria_set.pass_score = pass_score
    criteria_set.save()
    return criteria_set


@transaction.atomic
def criteria_set_load_sample(
    *, created_by: Any = None, path: Path = SAMPLE_FILE,
) -> tuple[CriteriaSet, bool]:
    """A sample set (by default the ward police one, from assessments/data; other apps ship
    theirs); loading it twice leaves one set."""
    parsed = read_toml(path.read_text(encoding="utf-8"), source=path.name)
    existing = CriteriaSet.objects.filter(name=parsed.name, is_sample=True).order_by(
        "version").first()
    if existing is not None:
        return existing, False
    return _create(parsed, created_by=created_by), True


def _check_rounds_fit(criteria_set: CriteriaSet, year_from: int, year_to: int) -> None:
    outside = criteria_set.rounds.exclude(year__gte=year_from, year__lte=year_to).order_by("year")
    first = outside.first()
    if first is not None:
        raise ValidationError({"year_from": _(
            "The %(year)s round uses this set, so its years must include %(year)s."
        ) % {"year": first.year}})


def _set_metadata(criteria_set: CriteriaSet, parsed: CriteriaSetData) -> None:
    criteria_set.name = parsed.name
    criteria_set.legal_basis_number = parsed.legal_basis_number
    criteria_set.legal_basis_date = parsed.legal_basis_date
    criteria_set.year_from, criteria_set.year_to = parsed.year_from, parsed.year_to
    criteria_set.pass_score = parsed.pass_score
    criteria_set.is_sample = parsed.is_sample
    criteria_set.purpose = parsed.purpose


def _create(parsed: CriteriaSetData, *, created_by: Any) -> CriteriaSet:
    criteria_set = CriteriaSet(version=1, created_by=created_by)
    _set_metadata(criteria_set, parsed)
    criteria_set.save()
    _sync_contents(criteria_set, parsed)
    return criteria_set


def _sync_contents(criteria_set: CriteriaSet, parsed: CriteriaSetData) -> int:
    """Bring groups and criteria in line with `parsed`, matching by code; returns the number
    of draft values cleared because their criterion went away or changed its meaning."""
    groups = {g.code: g for g in criteria_set.groups.all()}
    for order, group_data in enumerate(parsed.groups, 1):
        code = group_data.code
        group = groups.get(code) or CriteriaGroup(criteria_set=criteria_set, code=code)
        if group.pk is None or (group.title, group.order) != (group_data.title, order):
            group.title, group.order = group_data.title, order
            group.save()
        groups[code] = group
    existing = {c.code: c for c in criteria_set.criteria.all()}
    wanted = {c.code for c in parsed.criteria}
    parent_codes = {c.parent_code for c in parsed.criteria if c.parent_code}
    stale: list[int] = []  # criteria whose draft values no longer make sense
    kept: dict[str, Criterion] = {}
    for order, data in enumerate(parsed.criteria, 1):
        criterion = existing.get(data.code) or Criterion(criteria_set=criteria_set, code=data.code)
        if criterion.pk and (
            criterion.value_type != data.value_type or criterion.choices != data.choices
            or data.code in parent_codes
        ):
            stale.append(criterion.pk)
        for name in CRITERION_FIELDS:
            setattr(criterion, name, getattr(data, name))
        criterion.group = groups[data.group_code]
        criterion.order = order
        # Sub-criteria listed before their parent get it in the second pass.
        criterion.parent = kept.get(data.parent_code) if data.parent_code else None
        criterion.save()
        kept[data.code] = criterion
    for data in parsed.criteria:
        child = kept[data.code]
        if data.parent_code and child.parent_id != kept[data.parent_code].pk:
            child.parent = kept[data.parent_code]
            child.save(update_fields=["parent"])
    removed = [c.pk for code, c in existing.items() if code not in wanted]
    cleared = AssessmentValue.objects.filter(criterion__in=removed).exclude(value="").count()
    AssessmentValue.objects.filter(criterion__in=removed).delete()
    Criterion.objects.filter(pk__in=removed).delete()
    for value in AssessmentValue.objects.filter(criterion__in=stale).exclude(value=""):
        value.value, value.met, value.score = "", None, Decimal(0)
        value.revision += 1
        value.save()
        cleared += 1
    CriteriaGroup.objects.filter(criteria_set=criteria_set).exclude(
        code__in=[g.code for g in parsed.groups]).delete()
    _rejudge_drafts(criteria_set)
    return cleared


def _rejudge_drafts(criteria_set: CriteriaSet) -> None:
    """Targets may have moved: judge the draft values again, and give new criteria a row."""
    criteria = list(criteria_set.criteria.all())
    for assessment in criteria_set.assessments.all():
        values = {v.criterion_id: v for v in assessment.values.all()}
        missing = [c for c in criteria if c.pk not in values]
        AssessmentValue.objects.bulk_create(
            AssessmentValue(assessment=assessment, criterion=c) for c in missing
        )
        for criterion in criteria:
            value = values.get(criterion.pk)
            if value is None or value.value == "":
                continue
            judgement = criterion.evaluate(value.value)
            if (value.met, value.score) != (judgement.met, judgement.score):
                value.met, value.score = judgement.met, judgement.score
                value.save(update_fields=["met", "score", "updated_at"])
