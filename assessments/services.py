"""Writes about rounds, registrations and assessment values. Transitions: procedure.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from assessments.models import (
    Assessment,
    AssessmentValue,
    CriteriaSet,
    Criterion,
    RecognitionRound,
    Registration,
    SubmissionExtension,
)
from assessments.procedure import assessment_transition
from core.deadlines import extension_problems
from core.imports import decimal_from_text
from units.models import OrgUnit

YES_WORDS = {"yes", "có", "co", "đạt", "1", "true", "x"}
NO_WORDS = {"no", "không", "khong", "không đạt", "0", "false"}
MAX_TEXT = 5000


class StaleEdit(ValidationError):
    """Someone saved the same criterion after this form was loaded."""


def parse_value(criterion: Criterion, raw: str) -> str:
    """The canonical text of a typed value, or a ValidationError that says what is wrong."""
    text = (raw or "").strip()
    if text == "":
        return ""
    kind = criterion.value_type
    if kind == Criterion.ValueType.YES_NO:
        lowered = text.lower()
        if lowered in YES_WORDS:
            return "yes"
        if lowered in NO_WORDS:
            return "no"
        raise ValidationError(_("Choose “yes” or “no”."), code="yes_no")
    if kind in (Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE,
                Criterion.ValueType.SCORE):
        try:
            number = decimal_from_text(text.replace(" ", "").replace(",", "."))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a number.") % {"value": text[:50]}, code="number"
            ) from None
        if number < 0:
            raise ValidationError(_("The value cannot be negative."), code="negative")
        if kind == Criterion.ValueType.PERCENTAGE and number > 100:
            raise ValidationError(
                _("A percentage is between 0 and 100; %(value)s is not.") % {"value": text},
                code="percentage",
            )
        if kind == Criterion.ValueType.SCORE and number > criterion.max_score:
            raise ValidationError(
                _("The score cannot exceed the maximum of %(max)s.")
                % {"max": formats.number_format(criterion.max_score)},
                code="score",
            )
        return format(number.normalize(), "f")
    if kind == Criterion.ValueType.CHOICE:
        if text not in criterion.choice_list:
            raise ValidationError(_("Choose one of the listed options."), code="choice")
        return text
    if len(text) > MAX_TEXT:
        raise ValidationError(_("The text is longer than %(max)s characters.") % {"max": MAX_TEXT},
                              code="too_long")
    return text


@transaction.atomic
def round_open(
    *, actor: User, province: OrgUnit, year: int, criteria_set: CriteriaSet,
    registration_deadline: date, submission_deadline: date,
) -> RecognitionRound:
    require(actor, Action.ROUND_MANAGE, province)
    if not criteria_set.year_from <= year <= criteria_set.year_to:
        raise ValidationError({"criteria_set": _(
            "This criteria set applies to %(start)s–%(end)s, not to %(year)s."
        ) % {"start": criteria_set.year_from, "end": criteria_set.year_to, "year": year}})
    if submission_deadline < registration_deadline:
        raise ValidationError({"submission_deadline": _(
            "The self-assessment deadline cannot be before the registration deadline."
        )})
    if RecognitionRound.objects.filter(province=province, year=year).exists():
        raise ValidationError({"year": _("A round for %(year)s is already open.") % {"year": year}})
    return RecognitionRound.objects.create(
        province=province, year=year, criteria_set=criteria_set,
        registration_deadline=registration_deadline, submission_deadline=submission_deadline,
        opened_by=actor,
    )


@transaction.atomic
def registration_create(
    *, actor: User, round: RecognitionRound, ward: OrgUnit, note: str = ""
) -> Registration:
    """The ward registers to strive for recognition; its draft assessment starts empty."""
    require(actor, Action.ASSESSMENT_REGISTER, ward)
    if ward.province_id != round.province_id or not ward.is_commune_level:
        raise ValidationError(_("This unit does not belong to the round's province."))
    if not round.is_open:
        raise ValidationError(_("The %(year)s round is closed.") % {"year": round.year})
    if not round.registration_open_on(timezone.localdate()):
        raise ValidationError(
            _("Registration closed on %(day)s.")
            % {"day": formats.date_format(round.registration_deadline, "SHORT_DATE_FORMAT")}
        )
    if Registration.objects.filter(round=round, ward=ward).exists():
        raise ValidationError(_("The ward has already registered for %(year)s.")
                              % {"year": round.year})
    registration = Registration.objects.create(
        round=round, ward=ward, registered_by=actor, note=note
    )
    assessment = Assessment.objects.create(round=round, ward=ward,
                                           criteria_set=round.criteria_set)
    AssessmentValue.objects.bulk_create(
        AssessmentValue(assessment=assessment, criterion=criterion)
        for criterion in round.criteria_set.criteria.all()
    )
    return registration


def editable_value_lock(*, actor: User, assessment: Assessment, criterion: Criterion,
                        computed: str) -> AssessmentValue:
    """The criterion's value row, locked, once the actor may edit and the dossier is still
    editable; `computed` is the refusal for a parent criterion (computed from its
    sub-criteria). The dossier row is locked too, so a submission cannot slip in between.
    Call inside a transaction."""
    require(actor, Action.ASSESSMENT_EDIT, assessment)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_editable:
        raise ValidationError(_("The dossier is “%(state)s”; it cannot be edited now.")
                              % {"state": current.get_state_display()}, code="locked")
    if criterion.children.exists():
        raise ValidationError(computed)
    value = AssessmentValue.objects.select_for_update().get(assessment=current,
                                                            criterion=criterion)
    value.assessment = current
    return value


@transaction.atomic
def assessment_value_save(
    *, actor: User, assessment: Assessment, criterion: Criterion, raw_value: str,
    explanation: str, revision: int,
) -> AssessmentValue:
    """Save one criterion's value; refuse a stale form instead of overwriting."""
    value = editable_value_lock(actor=actor, assessment=assessment, criterion=criterion,
                                computed=_("This criterion is computed from its "
                                           "sub-criteria."))
    current = value.assessment
    if value.revision != revision:
        who = value.updated_by or _("someone")
        stamp = formats.date_format(timezone.localtime(value.updated_at),
                                    "SHORT_DATETIME_FORMAT")
        raise StaleEdit(
            _("%(who)s saved this criterion at %(when)s, after you opened the form. Your input "
              "is still on the screen: compare it with the saved value, then save again.")
            % {"who": who, "when": stamp},
            code="stale",
        )
    canonical = parse_value(criterion, raw_value)
    if len(explanation) > MAX_TEXT:
        raise ValidationError(
            _("The explanation is longer than %(max)s characters.") % {"max": MAX_TEXT}
        )
    judgement = criterion.evaluate(canonical)
    value.value = canonical
    value.explanation = explanation.strip()
    value.met = judgement.met
    value.score = judgement.score
    value.revision += 1
    value.updated_by = actor
    value.save()
    assessment_recompute(assessment=current)
    assessment.refresh_from_db()
    return value


def assessment_recompute(*, assessment: Assessment) -> Assessment:
    """Roll leaf judgements up to parent criteria and to the dossier's totals."""
    values = {v.criterion_id: v for v in assessment.values.select_related("criterion")}
    criteria = [v.criterion for v in values.values()]
    children: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.parent_id:
            children.setdefault(criterion.parent_id, []).append(criterion)
    changed = []
    for criterion in criteria:
        kids = children.get(criterion.pk)
        if not kids:
            continue
        judged = [values[k.pk].met for k in kids]
        met = None if any(m is None for m in judged) else all(judged)
        score = sum((values[k.pk].score for k in kids), Decimal(0))
        parent = values[criterion.pk]
        if (parent.met, parent.score) != (met, score):
            parent.met, parent.score = met, score
            changed.append(parent)
    if changed:
        AssessmentValue.objects.bulk_update(changed, ["met", "score"])
    top = [values[c.pk] for c in criteria if c.parent_id is None]
    total = sum((v.score for v in top), Decimal(0))
    mandatory_met = all(values[c.pk].met is True for c in criteria if c.mandatory)
    assessment.total_score = total
    assessment.mandatory_met = mandatory_met
    assessment.passes = mandatory_met and total >= assessment.criteria_set.pass_score
    assessment.save(update_fields=["total_score", "mandatory_met", "passes", "updated_at"])
    return assessment


@transaction.atomic
def submission_extend(*, actor: User, assessment: Assessment, until: date,
                      reason: str) -> SubmissionExtension:
    """Let a ward submit its self-assessment after the round's deadline, until `until`."""
    require(actor, Action.ASSESSMENT_EXTEND, assessment)
    locked = Assessment.objects.select_for_update().select_related("round").get(
        pk=assessment.pk)
    if locked.state != Assessment.State.DRAFT:
        raise ValidationError(_("This dossier has already been submitted; the deadline no "
                                "longer applies to it."), code="submitted")
    due = locked.submission_due()
    problems = extension_problems(reason=reason.strip(), new_day=until, current_day=due,
                                  today=timezone.localdate(), field="until")
    if problems:
        raise ValidationError(problems)
    return SubmissionExtension.objects.create(
        assessment=locked, previous_due=due, until=until, reason=reason.strip(),
        granted_by=actor)


def submission_problems(assessment: Assessment) -> list[str]:
    """What keeps the dossier from being submitted, criterion by criterion."""
    problems = []
    values = assessment.values.select_related("criterion").prefetch_related("evidence")
    parents = {v.criterion.parent_id for v in values if v.criterion.parent_id}
    for value in values:
        criterion = value.criterion
        if criterion.pk in parents:
            continue
        if criterion.mandatory and value.value == "":
            problems.append(_("%(code)s: the value is missing.") % {"code": criterion.code})
        answered_or_owed = value.value != "" or criterion.mandatory
        if criterion.evidence_required and answered_or_owed and not value.evidence.all():
            problems.append(_("%(code)s: evidence is required.") % {"code": criterion.code})
    return list(dict.fromkeys(problems))


def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    if assessment.submission_late_on(timezone.localdate()):
        raise ValidationError(
            _("The self-assessment had to be submitted by %(day)s. Ask the city police "
              "coordinator to extend the deadline for this ward; the extension and its reason "
              "are recorded.")
            % {"day": formats.date_format(assessment.submission_due(), "SHORT_DATE_FORMAT")},
            code="late")
    problems = submission_problems(assessment)
    if problems:
        raise ValidationError(problems, code="incomplete")
    assessment_transition(actor=actor, assessment=assessment, target=Assessment.State.SUBMITTED)
    return assessment
