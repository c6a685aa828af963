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
from assessments import sources
from assessments.models import (
    Assessment,
    AssessmentValue,
    CriteriaSet,
    Criterion,
    Endorsement,
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
    if criteria_set.purpose != CriteriaSet.Purpose.WARD_POLICE:
        raise ValidationError({"criteria_set": _(
            "This set judges “%(purpose)s”, not model ward police units."
        ) % {"purpose": criteria_set.get_purpose_display()}})
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
    if criterion.is_computed and canonical != value.value:
        raise ValidationError(computed_refusal(criterion), code="computed")
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


def computed_refusal(criterion: Criterion) -> str:
    if criterion.value_source == Criterion.ValueSource.CONSULTATION:
        return _("Criterion %(code)s takes its value from the residents' opinions, which the "
                 "ward's Fatherland Front committee attaches; it cannot be typed. You can "
                 "write an explanation.") % {"code": criterion.code}
    return _("Criterion %(code)s takes its value from %(source)s; it cannot be typed. You can "
             "write an explanation; if the figure is wrong, correct it at its source or ask "
             "the city coordinator to correct it.") % {
        "code": criterion.code, "source": str(criterion.get_value_source_display()).lower()}


def _judge(value: AssessmentValue, canonical: str) -> None:
    judgement = value.criterion.evaluate(canonical)
    value.value, value.met, value.score = canonical, judgement.met, judgement.score


@transaction.atomic
def assessment_sources_refresh(*, actor: User | None, assessment: Assessment) -> int:
    """Read every computed criterion of a dossier being prepared from its source (see
    assessments.sources); returns how many values changed. A value the city coordinator
    corrected stays as corrected. `actor` None: the system itself (at submission)."""
    if actor is not None:
        require(actor, Action.ASSESSMENT_EDIT, assessment)
    current = Assessment.objects.select_for_update().select_related("ward", "round").get(
        pk=assessment.pk)
    if not current.is_editable:
        raise ValidationError(_("The dossier is “%(state)s”; it cannot be edited now.")
                              % {"state": current.get_state_display()}, code="locked")
    values = list(current.values.select_related("criterion").filter(
        criterion__value_source__in=[s for s in Criterion.ValueSource.values
                                     if s not in (Criterion.ValueSource.ENTERED,
                                                  Criterion.ValueSource.CONSULTATION)]))
    parents = set(Criterion.objects.filter(criteria_set_id=current.criteria_set_id,
                                           parent__isnull=False)
                  .values_list("parent_id", flat=True))
    now, changed = timezone.now(), 0
    for value in values:
        criterion = value.criterion
        if (not sources.reads(criterion.value_source) or criterion.pk in parents
                or value.overridden_at is not None):
            continue
        reading = sources.read(criterion.value_source, current.ward, current.round.year,
                               criterion.source_key)
        if isinstance(reading, sources.Missing):
            canonical, note = "", reading.reason
        else:
            note = reading.note
            try:
                canonical = parse_value(criterion, reading.value)
            except ValidationError:
                canonical = ""
                note = _("The source gave “%(value)s”, which criterion %(code)s cannot hold; "
                         "the city coordinator corrects the criteria set.") % {
                    "value": reading.value, "code": criterion.code}
        if (value.value, value.source_note) != (canonical, note[:500]):
            changed += 1
            # A ward form still open on this criterion must now be stale.
            value.revision += 1
        _judge(value, canonical)
        value.source_note, value.source_read_at = note[:500], now
        value.updated_by = actor
        value.save()
    assessment_recompute(assessment=current)
    assessment.refresh_from_db()
    return changed


DECIDED_STATES = frozenset({Assessment.State.RECOGNISED, Assessment.State.NOT_RECOGNISED,
                            Assessment.State.REVOKED})


@transaction.atomic
def assessment_value_override(*, actor: User, assessment: Assessment, criterion: Criterion,
                              raw_value: str, reason: str) -> AssessmentValue:
    """The city coordinator corrects a computed value, with the reason, until the outcome is
    recorded. The correction is shown on the dossier and in its DOCX, and audited."""
    require(actor, Action.ASSESSMENT_REVIEW, assessment)
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.state in DECIDED_STATES:
        raise ValidationError(_("The outcome of this dossier is recorded; its values can no "
                                "longer be corrected."), code="decided")
    if not criterion.is_computed:
        raise ValidationError(_("Criterion %(code)s is entered by the ward; return the dossier "
                                "to the ward to have it changed.") % {"code": criterion.code},
                              code="entered")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("The text is longer than %(max)s characters.")
                               % {"max": MAX_TEXT}})
    try:
        canonical = parse_value(criterion, raw_value)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    value = AssessmentValue.objects.select_for_update().select_related("criterion").get(
        assessment=current, criterion=criterion)
    _judge(value, canonical)
    value.override_reason = reason.strip()
    value.overridden_by, value.overridden_at = actor, timezone.now()
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
    consulted = [v.criterion.code for v in values
                 if v.criterion.value_source == Criterion.ValueSource.CONSULTATION]
    endorsed = set(assessment.endorsements.values_list("body", flat=True))
    if Endorsement.Body.COMMITTEE not in endorsed:
        problems.append(_("The ward People's Committee has not given its opinion on the "
                          "dossier: its user records it on this page."))
    if Endorsement.Body.PARTY not in endorsed:
        problems.append(_("The ward Party committee's opinion is missing: the ward People's "
                          "Committee records it on this page from the committee's document."))
    if consulted and assessment.opinions_file_id is None:
        problems.append(_(
            "The residents' opinions are missing: the ward's Fatherland Front committee "
            "attaches the summary of its consultation to this dossier (criterion %(codes)s "
            "takes its value from it).") % {"codes": ", ".join(consulted)})
    for value in values:
        criterion = value.criterion
        if criterion.pk in parents:
            continue
        if criterion.mandatory and value.value == "":
            if criterion.code in consulted and assessment.opinions_file_id is None:
                pass  # said once above, with who must act
            elif criterion.is_computed and value.source_note:
                problems.append(_("%(code)s: the figure is not in the system yet. %(why)s")
                                % {"code": criterion.code, "why": value.source_note})
            else:
                problems.append(_("%(code)s: the value is missing.") % {"code": criterion.code})
        answered_or_owed = value.value != "" or criterion.mandatory
        # A computed value's evidence is its source, named beside it (the Front's summary,
        # the indicators, the headquarters record); the ward has nothing to upload for it.
        if (criterion.evidence_required and answered_or_owed and not criterion.is_computed
                and not value.evidence.all()):
            problems.append(_("%(code)s: evidence is required.") % {"code": criterion.code})
    return list(dict.fromkeys(problems))


def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    # Checked before the refresh below writes anything (the transition checks it again).
    require(actor, Action.ASSESSMENT_SUBMIT, assessment)
    if assessment.submission_late_on(timezone.localdate()):
        raise ValidationError(
            _("The self-assessment had to be submitted by %(day)s. Ask the city police "
              "coordinator to extend the deadline for this ward; the extension and its reason "
              "are recorded.")
            % {"day": formats.date_format(assessment.submission_due(), "SHORT_DATE_FORMAT")},
            code="late")
    # The computed values are read once more: the dossier goes with today's figures.
    assessment_sources_refresh(actor=None, assessment=assessment)
    problems = submission_problems(assessment)
    if problems:
        raise ValidationError(problems, code="incomplete")
    assessment_transition(actor=actor, assessment=assessment, target=Assessment.State.SUBMITTED)
    return assessment
