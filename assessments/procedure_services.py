"""Writes of the recognition procedure beyond a bare state change.

Returning with per-criterion comments, attaching the residents' opinions, council votes,
recording the outcome and revoking. Each one checks everything it can *before* storing a
file, so that a refusal never leaves an orphan upload behind, then moves the dossier
through `procedure.assessment_transition`, the only writer of `Assessment.state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, can, require
from assessments import services
from assessments.models import Assessment, AssessmentValue, CouncilVote, Criterion, Transition
from assessments.procedure import Step, assessment_transition, step_for
from assessments.procedure_selectors import council_members
from attachments.services import attachment_create

S = Assessment.State
MAX_TEXT = services.MAX_TEXT

# Steps with their own page (they need more than a reason); the rest are one button.
STEPS_WITH_PAGE = frozenset({S.RETURNED, S.OPINIONS_ATTACHED, S.RECOGNISED, S.NOT_RECOGNISED})
DECISION_NUMBER_MAX = Assessment._meta.get_field("decision_number").max_length or 100
SIGNER_MAX = Assessment._meta.get_field("decision_signer").max_length or 200
# How far a typed rate may stray from the counts typed beside it (rounding by hand).
RATE_TOLERANCE = Decimal(1)


def _step_or_refuse(actor: User, assessment: Assessment, target: str) -> Step:
    """The step from the dossier's current state, refused the way assessment_transition would.

    Called before any file is stored: assessment_transition checks again under the row lock.
    """
    step = step_for(assessment.state, target)
    if step is None:
        raise ValidationError(
            _("A dossier in the state “%(state)s” cannot go to “%(target)s”.")
            % {"state": assessment.get_state_display(), "target": S(target).label},
            code="state",
        )
    require(actor, step.action, assessment)
    return step


def _fresh(assessment: Assessment) -> Assessment:
    """The dossier as stored now, locked until the transaction ends."""
    return Assessment.objects.select_for_update().select_related("ward", "round").get(
        pk=assessment.pk
    )


def _long_text(field: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("The text is longer than %(max)s characters.")
                               % {"max": MAX_TEXT}})


# --- Simple steps ----------------------------------------------------------------------


@transaction.atomic
def assessment_step(*, actor: User, assessment: Assessment, target: str,
                    reason: str = "") -> Assessment:
    """One button of the procedure panel: submit, start the review, accept, send to council.

    Steps that need a form of their own (return, opinions, outcome) are refused here so
    that nobody skips their checks by posting to the bare step.
    """
    if target in STEPS_WITH_PAGE:
        raise ValidationError(_("This step has its own form."), code="has_page")
    _long_text("reason", reason)
    current = _fresh(assessment)
    step = _step_or_refuse(actor, current, target)
    if step.target == S.SUBMITTED:
        services.assessment_submit(actor=actor, assessment=current)
        # The reviewer's comments were for the version that was returned; the ward has now
        # answered them. They stay in the return step's reason, so nothing is lost.
        AssessmentValue.objects.filter(assessment=current).exclude(review_comment="").update(
            review_comment=""
        )
    elif step.target == S.APPRAISAL:
        if not council_members(province=current.round.province).exists():
            raise ValidationError(
                _("The province has no appraisal council member yet: the system administrator "
                  "or the city coordinator grants that role first."),
                code="no_council",
            )
        assessment_transition(actor=actor, assessment=current, target=target, reason=reason)
    elif step.target == S.REVOKED:
        assessment_transition(actor=actor, assessment=current, target=target, reason=reason,
                              fields={"revocation_reason": reason.strip()})
    else:
        assessment_transition(actor=actor, assessment=current, target=target, reason=reason)
    assessment.refresh_from_db()
    return assessment


def assessment_revoke(*, actor: User, assessment: Assessment, reason: str) -> Assessment:
    """Withdraw a recognition; the reason is kept on the dossier and in its timeline."""
    return assessment_step(actor=actor, assessment=assessment, target=S.REVOKED, reason=reason)


# --- Return to the ward ----------------------------------------------------------------


@transaction.atomic
def assessment_return(
    *, actor: User, assessment: Assessment, reason: str, comments: dict[int, str]
) -> Transition:
    """Send the dossier back with a general reason and comments keyed by criterion id.

    Each comment replaces the criterion's previous one and criteria without a comment are
    cleared, so the ward sees exactly what this review asks. The comments are copied into
    the step's reason too: the value rows are overwritten later, the timeline is not.
    """
    current = _fresh(assessment)
    _step_or_refuse(actor, current, S.RETURNED)
    _long_text("reason", reason)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this step.")})
    values = list(current.values.select_related("criterion"))
    known = {v.criterion_id for v in values}
    cleaned = {pk: text.strip() for pk, text in comments.items() if text.strip()}
    if set(cleaned) - known:
        raise ValidationError(_("A comment names a criterion that is not in this dossier."))
    for pk, text in cleaned.items():
        _long_text(f"comment_{pk}", text)
    changed = []
    for value in sorted(values, key=lambda v: (v.criterion.order, v.criterion.code)):
        comment = cleaned.get(value.criterion_id, "")
        if value.review_comment != comment:
            value.review_comment = comment
            changed.append(value)
    for value in changed:
        # One save per row (not bulk_update) so that the audit signals record each comment.
        value.save(update_fields=["review_comment", "updated_at"])
    lines = [reason.strip()]
    lines += [f"{v.criterion.code}: {cleaned[v.criterion_id]}"
              for v in sorted(values, key=lambda v: (v.criterion.order, v.criterion.code))
              if v.criterion_id in cleaned]
    transition = assessment_transition(
        actor=actor, assessment=current, target=S.RETURNED, reason="\n".join(lines)
    )
    assessment.refresh_from_db()
    return transition


# --- Residents' opinions ----------------------------------------------------------------


@dataclass(frozen=True)
class Opinions:
    """The Fatherland Front's summary of the residents' consultation."""

    satisfaction_rate: Decimal
    asked: int | None = None
    satisfied: int | None = None
    source: str = ""  # the channels the rate was counted from, and what was left apart


def _check_opinions(opinions: Opinions) -> None:
    rate = opinions.satisfaction_rate
    if not Decimal(0) <= rate <= Decimal(100):
        raise ValidationError({"satisfaction_rate": _(
            "The satisfaction rate is a percentage between 0 and 100; %(value)s is not."
        ) % {"value": formats.number_format(rate)}})
    asked, satisfied = opinions.asked, opinions.satisfied
    if asked is not None and asked <= 0:
        raise ValidationError({"asked": _("At least one resident must have been asked.")})
    if satisfied is not None and satisfied < 0:
        raise ValidationError({"satisfied": _("The number cannot be negative.")})
    if asked is not None and satisfied is not None:
        if satisfied > asked:
            raise ValidationError({"satisfied": _(
                "More residents satisfied (%(satisfied)s) than asked (%(asked)s)."
            ) % {"satisfied": satisfied, "asked": asked}})
        computed = Decimal(satisfied * 100) / Decimal(asked)
        if abs(computed - rate) > RATE_TOLERANCE:
            shown = computed.quantize(Decimal("0.01"), ROUND_HALF_UP)
            raise ValidationError({"satisfaction_rate": _(
                "%(satisfied)s of %(asked)s residents is %(rate)s %%, not %(typed)s %%."
            ) % {"satisfied": satisfied, "asked": asked,
                 "rate": formats.number_format(shown, 2),
                 "typed": formats.number_format(rate)}})


def _consultation_values(current: Assessment, opinions: Opinions,
                         actor: User) -> list[AssessmentValue]:
    """Judge every criterion fed by the consultation with the rate, before anything is saved."""
    rate_text = format(opinions.satisfaction_rate.normalize(), "f")
    if opinions.asked is not None and opinions.satisfied is not None:
        note = _("From the residents' opinions summary: %(satisfied)s of %(asked)s residents "
                 "satisfied.") % {"satisfied": opinions.satisfied, "asked": opinions.asked}
    else:
        note = _("From the residents' opinions summary.")
    values = list(current.values.select_related("criterion").filter(
        criterion__value_source=Criterion.ValueSource.CONSULTATION
    ))
    for value in values:
        criterion = value.criterion
        try:
            canonical = services.parse_value(criterion, rate_text)
        except ValidationError:
            raise ValidationError(_(
                "Criterion %(code)s takes its value from the residents' opinions, but its value "
                "type cannot hold a percentage. The city coordinator corrects the criteria set."
            ) % {"code": criterion.code}, code="criterion_type") from None
        judgement = criterion.evaluate(canonical)
        value.value = canonical
        value.explanation = note
        value.met = judgement.met
        value.score = judgement.score
        # A ward form still open on this criterion must now be stale, not overwrite the rate.
        value.revision += 1
        value.updated_by = actor
    return values


@transaction.atomic
def assessment_opinions_attach(
    *, actor: User, assessment: Assessment, uploaded_file: UploadedFile, opinions: Opinions,
) -> Transition:
    """Store the consultation summary and rate, fill the consultation criteria, move on.

    The values are written here and not through services.assessment_value_save: that one
    is the ward's editing path and refuses a dossier outside draft/returned, which this
    one always is (accepted). The rate is the Front's figure, not the ward's.
    The public consultation module will call this same function.
    """
    current = _fresh(assessment)
    _step_or_refuse(actor, current, S.OPINIONS_ATTACHED)
    _check_opinions(opinions)
    values = _consultation_values(current, opinions, actor)
    summary = attachment_create(
        actor=actor, uploaded_file=uploaded_file, org_unit=current.ward,
        description=_("Residents' opinions summary %(year)s") % {"year": current.round.year},
    )
    for value in values:
        value.save()
    services.assessment_recompute(assessment=current)
    reason = _("Residents' satisfaction: %(rate)s %%.") % {
        "rate": formats.number_format(opinions.satisfaction_rate)
    }
    if opinions.asked is not None:
        reason += " " + _("Residents asked: %(asked)s.") % {"asked": opinions.asked}
    if opinions.satisfied is not None:
        reason += " " + _("Satisfied: %(satisfied)s.") % {"satisfied": opinions.satisfied}
    if opinions.source:
        reason += " " + opinions.source
    transition = assessment_transition(
        actor=actor, assessment=current, target=S.OPINIONS_ATTACHED, reason=reason,
        fields={"opinions_file": summary, "satisfaction_rate": opinions.satisfaction_rate,
                "satisfaction_source": opinions.source[:500]},
    )
    assessment.refresh_from_db()
    return transition


# --- Appraisal council ------------------------------------------------------------------


def is_council_member(user: User, assessment: Assessment) -> bool:
    """Sits on the appraisal council of the dossier's province (a role, not just a right)."""
    if not can(user, Action.COUNCIL_VOTE, assessment):
        return False
    return council_members(province=assessment.round.province).filter(pk=user.pk).exists()


@transaction.atomic
def council_vote_record(
    *, actor: User, assessment: Assessment, vote: str, opinion: str = ""
) -> CouncilVote:
    """A member's vote and opinion; voting again replaces it until the outcome is recorded."""
    if not is_council_member(actor, assessment):
        raise PermissionDenied(_("Only members of the appraisal council vote on a dossier."))
    current = _fresh(assessment)
    if current.state != S.APPRAISAL:
        raise ValidationError(
            _("Votes are taken while the dossier is under appraisal; it is “%(state)s”.")
            % {"state": current.get_state_display()}, code="state",
        )
    if vote not in CouncilVote.Vote.values:
        raise ValidationError({"vote": _("Choose one of the listed options.")})
    _long_text("opinion", opinion)
    record, _created = CouncilVote.objects.update_or_create(
        assessment=current, member=actor, defaults={"vote": vote, "opinion": opinion.strip()}
    )
    return record


@dataclass(frozen=True)
class Tally:
    approve: int
    reject: int
    abstain: int
    members: int

    @property
    def voted(self) -> int:
        return self.approve + self.reject + self.abstain


def council_tally(*, assessment: Assessment, votes: list[CouncilVote] | None = None) -> Tally:
    votes = list(assessment.votes.all()) if votes is None else votes
    counts = {choice: sum(1 for v in votes if v.vote == choice)
              for choice in CouncilVote.Vote.values}
    return Tally(
        approve=counts[CouncilVote.Vote.APPROVE], reject=counts[CouncilVote.Vote.REJECT],
        abstain=counts[CouncilVote.Vote.ABSTAIN],
        members=council_members(province=assessment.round.province).count(),
    )


# --- Outcome ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the secretary records after the council met (files are the uploads)."""

    recognised: bool
    council_outcome: str
    minutes_file: UploadedFile | None
    decision_number: str = ""
    decision_date: date | None = None
    decision_signer: str = ""
    decision_file: UploadedFile | None = None
    reason: str = ""


def pass_rule_warning(assessment: Assessment) -> str:
    """Why recognising this dossier goes against the pass rule; empty when it does not."""
    if assessment.passes:
        return ""
    return _(
        "The dossier does not meet the pass rule (total score %(total)s, pass mark %(mark)s; "
        "all mandatory criteria met: %(mandatory)s). The council may still recognise it."
    ) % {"total": formats.number_format(assessment.total_score),
         "mark": formats.number_format(assessment.criteria_set.pass_score),
         "mandatory": _("yes") if assessment.mandatory_met else _("no")}


def outcome_errors(outcome: Outcome) -> dict[str, str]:
    """What the outcome lacks, by field; the form shows them all at once."""
    errors: dict[str, str] = {}
    if not outcome.council_outcome.strip():
        errors["council_outcome"] = _("Write the council's conclusion.")
    elif len(outcome.council_outcome) > MAX_TEXT:
        errors["council_outcome"] = _("The text is longer than %(max)s characters.") % {
            "max": MAX_TEXT}
    if outcome.minutes_file is None:
        errors["minutes_file"] = _("Attach the minutes of the council meeting.")
    if outcome.recognised:
        if not outcome.decision_number.strip():
            errors["decision_number"] = _("Enter the number of the recognition decision.")
        elif len(outcome.decision_number.strip()) > DECISION_NUMBER_MAX:
            errors["decision_number"] = _("The number is longer than %(max)s characters.") % {
                "max": DECISION_NUMBER_MAX}
        if outcome.decision_date is None:
            errors["decision_date"] = _("Enter the date of the decision (dd/mm/yyyy).")
        elif outcome.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if not outcome.decision_signer.strip():
            errors["decision_signer"] = _("Enter who signed the decision.")
        elif len(outcome.decision_signer.strip()) > SIGNER_MAX:
            errors["decision_signer"] = _("The name is longer than %(max)s characters.") % {
                "max": SIGNER_MAX}
        if outcome.decision_file is None:
            errors["decision_file"] = _("Attach the signed decision.")
    elif not outcome.reason.strip():
        errors["reason"] = _("Give the reason for not recognising the ward.")
    return errors


def _check_outcome(outcome: Outcome) -> None:
    errors = outcome_errors(outcome)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_decide(*, actor: User, assessment: Assessment, outcome: Outcome) -> Transition:
    """Record the council's conclusion and the recognition decision, or its refusal.

    Recognising a dossier that misses the pass rule is the council's call: it is allowed,
    and the step's reason says so for whoever reads the timeline later.
    """
    current = _fresh(assessment)
    target = S.RECOGNISED if outcome.recognised else S.NOT_RECOGNISED
    _step_or_refuse(actor, current, target)
    _check_outcome(outcome)
    assert outcome.minutes_file is not None  # _check_outcome refused otherwise
    minutes = attachment_create(
        actor=actor, uploaded_file=outcome.minutes_file, org_unit=current.ward,
        description=_("Appraisal council minutes %(year)s") % {"year": current.round.year},
    )
    fields: dict[str, Any] = {"council_outcome": outcome.council_outcome.strip(),
                              "minutes_file": minutes}
    if outcome.recognised:
        assert outcome.decision_file is not None and outcome.decision_date is not None
        decision = attachment_create(
            actor=actor, uploaded_file=outcome.decision_file, org_unit=current.ward,
            description=_("Recognition decision %(number)s") % {
                "number": outcome.decision_number.strip()},
        )
        fields |= {"decision_number": outcome.decision_number.strip(),
                   "decision_date": outcome.decision_date,
                   "decision_signer": outcome.decision_signer.strip(),
                   "decision_file": decision}
        lines = [_("Decision %(number)s of %(day)s, signed by %(signer)s.") % {
            "number": fields["decision_number"],
            "day": formats.date_format(outcome.decision_date, "SHORT_DATE_FORMAT"),
            "signer": fields["decision_signer"]}]
        warning = pass_rule_warning(current)
        if warning:
            lines.append(warning)
        if outcome.reason.strip():
            lines.append(outcome.reason.strip())
        reason = "\n".join(lines)
    else:
        reason = outcome.reason.strip()
    transition = assessment_transition(
        actor=actor, assessment=current, target=target, reason=reason, fields=fields
    )
    assessment.refresh_from_db()
    return transition
