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
from assessments.models import (
    Assessment,
    AssessmentValue,
    CouncilVote,
    Criterion,
    Endorsement,
    OpinionsRecord,
    RecognitionProposal,
    RecognitionRound,
    Transition,
)
from assessments.procedure import Step, assessment_transition, step_for
from assessments.procedure_selectors import council_members
from attachments.services import attachment_create
from core.forms import signed_document_errors

S = Assessment.State
MAX_TEXT = services.MAX_TEXT

# Steps with their own page (they need more than a reason); the rest are one button.
STEPS_WITH_PAGE = frozenset({S.RETURNED, S.PROPOSED, S.RECOGNISED, S.NOT_RECOGNISED})
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
        value.source_note = (f"{note.rstrip('.')} ({opinions.source})." if opinions.source
                             else note)[:500]
        value.source_read_at = timezone.now()
        value.met = judgement.met
        value.score = judgement.score
        # A ward form still open on this criterion must now be stale, not overwrite the rate.
        value.revision += 1
        value.updated_by = actor
    return values


def opinions_refusal(assessment: Assessment) -> str | None:
    """Why the Front's summary cannot be attached to this dossier now, or None."""
    if assessment.is_editable:
        return None
    return _("The dossier of %(ward)s is “%(state)s”: the residents' opinions are attached "
             "while the ward police prepares it, before it is submitted. The city coordinator "
             "can return it to the ward if the summary must change.") % {
        "ward": assessment.ward.name, "state": assessment.get_state_display()}


@transaction.atomic
def assessment_opinions_attach(
    *, actor: User, assessment: Assessment, uploaded_file: UploadedFile, opinions: Opinions,
) -> OpinionsRecord:
    """Store the Front's summary and rate on the dossier being prepared and fill the
    criteria that take their value from it. Attaching again (after more answers) replaces
    the dossier's figure; every attachment stays in `OpinionsRecord`.

    The values are written here, not through services.assessment_value_save: that is the
    ward's path, which refuses to type a computed value. The rate is the Front's figure.
    """
    require(actor, Action.ASSESSMENT_ATTACH_OPINIONS, assessment)
    current = _fresh(assessment)
    refusal = opinions_refusal(current)
    if refusal:
        raise ValidationError(refusal, code="state")
    _check_opinions(opinions)
    values = _consultation_values(current, opinions, actor)
    summary = attachment_create(
        actor=actor, uploaded_file=uploaded_file, org_unit=current.ward,
        description=_("Residents' opinions summary %(year)s") % {"year": current.round.year},
    )
    for value in values:
        value.save()
    current.opinions_file = summary
    current.satisfaction_rate = opinions.satisfaction_rate
    current.satisfaction_source = opinions.source[:500]
    current.save(update_fields=["opinions_file", "satisfaction_rate", "satisfaction_source",
                                "updated_at"])
    services.assessment_recompute(assessment=current)
    record = OpinionsRecord.objects.create(
        assessment=current, satisfaction_rate=opinions.satisfaction_rate,
        asked=opinions.asked, satisfied=opinions.satisfied, source=opinions.source[:500],
        summary=summary, attached_by=actor)
    assessment.refresh_from_db()
    return record


# --- The ward's endorsement -------------------------------------------------------------

ENDORSEMENT_NUMBER_MAX = 100


@dataclass(frozen=True)
class EndorsementInput:
    body: str
    opinion: str
    text: str
    document_number: str
    document_date: date | None
    document: UploadedFile | None


def endorsement_errors(data: EndorsementInput) -> dict[str, str]:
    """What the opinion lacks, by field; the form shows them all at once."""
    errors: dict[str, str] = {}
    if data.body not in Endorsement.Body.values:
        errors["body"] = _("Choose whose opinion this is.")
    if data.opinion not in Endorsement.Opinion.values:
        errors["opinion"] = _("Choose the opinion.")
    elif data.opinion != Endorsement.Opinion.AGREE and not data.text.strip():
        errors["text"] = _("Write the remarks or the reasons for disagreeing.")
    if len(data.text) > MAX_TEXT:
        errors["text"] = _("The text is longer than %(max)s characters.") % {"max": MAX_TEXT}
    errors.update(signed_document_errors(
        number=("document_number", data.document_number, ENDORSEMENT_NUMBER_MAX,
                _("Enter the number of the document.")),
        day=("document_date", data.document_date,
             _("Enter the date of the document (dd/mm/yyyy).")),
        document=("document", data.document, _("Attach the signed document."))))
    return errors


def endorsement_refusal(assessment: Assessment) -> str | None:
    """Why the ward's opinion cannot be recorded on this dossier now, or None."""
    if assessment.is_editable:
        return None
    return _("The dossier is “%(state)s”: the ward's opinion is recorded before the ward "
             "police submits it.") % {"state": assessment.get_state_display()}


@transaction.atomic
def assessment_endorse(*, actor: User, assessment: Assessment,
                       data: EndorsementInput) -> Endorsement:
    """Record the ward People's Committee's (or the Party committee's) opinion on the dossier
    while the ward police prepares it; a new opinion of the same body replaces the old."""
    require(actor, Action.ASSESSMENT_ENDORSE, assessment)
    current = _fresh(assessment)
    refusal = endorsement_refusal(current)
    if refusal:
        raise ValidationError(refusal, code="state")
    errors = endorsement_errors(data)
    if errors:
        raise ValidationError(errors)
    assert data.document is not None and data.document_date is not None
    document = attachment_create(
        actor=actor, uploaded_file=data.document, org_unit=current.ward,
        description=_("%(body)s: opinion on the dossier %(year)s") % {
            "body": Endorsement.Body(data.body).label, "year": current.round.year})
    endorsement, _created = Endorsement.objects.update_or_create(
        assessment=current, body=data.body, defaults={
            "opinion": data.opinion, "text": data.text.strip(),
            "document_number": data.document_number.strip(),
            "document_date": data.document_date, "document": document, "recorded_by": actor})
    return endorsement


# --- The proposal to the Ministry --------------------------------------------------------

@transaction.atomic
def proposal_send(*, actor: User, round: RecognitionRound, number: str, sent_on: date | None,
                  document: UploadedFile | None) -> RecognitionProposal:
    """Record that the signed proposal went to the Ministry: its number, date and file, and
    the dossiers it carried (every proposed dossier of the round not yet sent)."""
    require(actor, Action.ASSESSMENT_DECIDE, round.province)
    dossiers = list(Assessment.objects.select_for_update().filter(
        round=round, state=S.PROPOSED, proposal__isnull=True))
    if not dossiers:
        raise ValidationError(_("No dossier of %(year)s waits to be proposed: the council's "
                                "outcome proposes each one first.") % {"year": round.year},
                              code="empty")
    errors = signed_document_errors(
        number=("number", number, DECISION_NUMBER_MAX, _("Enter the number of the proposal.")),
        day=("sent_on", sent_on, _("Enter the date it was sent (dd/mm/yyyy).")),
        document=("document", document, _("Attach the signed proposal.")))
    if errors:
        raise ValidationError(errors)
    assert document is not None and sent_on is not None
    stored = attachment_create(
        actor=actor, uploaded_file=document, org_unit=round.province,
        description=_("Proposal %(number)s to the Ministry") % {"number": number.strip()})
    proposal = RecognitionProposal.objects.create(
        round=round, number=number.strip(), sent_on=sent_on, document=stored, sent_by=actor)
    for dossier in dossiers:
        dossier.proposal = proposal
        dossier.save(update_fields=["proposal", "updated_at"])
    return proposal


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
    """What the city records after the council met (`propose`: the unit goes to the
    Ministry) or when the decision comes back (`recognised`). Files are the uploads."""

    recognised: bool
    council_outcome: str = ""
    minutes_file: UploadedFile | None = None
    decision_number: str = ""
    decision_date: date | None = None
    decision_signer: str = ""
    decision_file: UploadedFile | None = None
    reason: str = ""
    propose: bool = False


def outcome_target(outcome: Outcome) -> str:
    if outcome.propose:
        return S.PROPOSED
    return S.RECOGNISED if outcome.recognised else S.NOT_RECOGNISED


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


def outcome_errors(outcome: Outcome, *, needs_council: bool = True) -> dict[str, str]:
    """What the outcome lacks, by field; the form shows them all at once. The council's
    conclusion and minutes are recorded once, when the dossier leaves the appraisal."""
    errors: dict[str, str] = {}
    if needs_council and not outcome.council_outcome.strip():
        errors["council_outcome"] = _("Write the council's conclusion.")
    elif len(outcome.council_outcome) > MAX_TEXT:
        errors["council_outcome"] = _("The text is longer than %(max)s characters.") % {
            "max": MAX_TEXT}
    if needs_council and outcome.minutes_file is None:
        errors["minutes_file"] = _("Attach the minutes of the council meeting.")
    if outcome.propose:
        return errors  # the council's conclusion and minutes are all a proposal needs
    if outcome.recognised:
        errors.update(signed_document_errors(
            number=("decision_number", outcome.decision_number, DECISION_NUMBER_MAX,
                    _("Enter the number of the recognition decision.")),
            day=("decision_date", outcome.decision_date,
                 _("Enter the date of the decision (dd/mm/yyyy).")),
            document=("decision_file", outcome.decision_file,
                      _("Attach the signed decision."))))
        if not outcome.decision_signer.strip():
            errors["decision_signer"] = _("Enter who signed the decision.")
        elif len(outcome.decision_signer.strip()) > SIGNER_MAX:
            errors["decision_signer"] = _("The name is longer than %(max)s characters.") % {
                "max": SIGNER_MAX}
    elif not outcome.reason.strip():
        errors["reason"] = _("Give the reason for not recognising the ward.")
    return errors


def _check_outcome(outcome: Outcome, *, needs_council: bool) -> None:
    errors = outcome_errors(outcome, needs_council=needs_council)
    if errors:
        raise ValidationError(errors)


def needs_council(assessment: Assessment) -> bool:
    """Whether the council's conclusion is still to be recorded (it leaves the appraisal)."""
    return assessment.state == S.APPRAISAL


@transaction.atomic
def assessment_decide(*, actor: User, assessment: Assessment, outcome: Outcome) -> Transition:
    """Record the council's conclusion (the unit is proposed to the Ministry, or not), then
    the Ministry's decision (recognised, or not, with the reason).

    Proposing or recognising a dossier that misses the pass rule is the council's and the
    Ministry's call: it is allowed, and the step's reason says so for whoever reads the
    timeline later.
    """
    current = _fresh(assessment)
    target = outcome_target(outcome)
    _step_or_refuse(actor, current, target)
    if current.state == S.PROPOSED and current.proposal_id is None:
        raise ValidationError(_(
            "The proposal carrying this dossier has not been recorded as sent to the Ministry: "
            "record its number and date on the round's page first."), code="not_sent")
    council = needs_council(current)
    _check_outcome(outcome, needs_council=council)
    fields: dict[str, Any] = {}
    if council:
        assert outcome.minutes_file is not None  # _check_outcome refused otherwise
        minutes = attachment_create(
            actor=actor, uploaded_file=outcome.minutes_file, org_unit=current.ward,
            description=_("Appraisal council minutes %(year)s") % {"year": current.round.year},
        )
        fields |= {"council_outcome": outcome.council_outcome.strip(), "minutes_file": minutes}
    if outcome.propose:
        lines = [fields["council_outcome"]]
        warning = pass_rule_warning(current)
        if warning:
            lines.append(warning)
        reason = "\n".join(lines)
    elif outcome.recognised:
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
