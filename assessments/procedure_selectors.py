"""Reads for the recognition procedure: the dossier, its timeline, the council and its votes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import Role, User
from assessments.models import (
    Assessment,
    AssessmentValue,
    CouncilVote,
    Endorsement,
    OpinionsRecord,
    RecognitionProposal,
    RecognitionRound,
    SubmissionExtension,
    Transition,
)
from units.models import OrgUnit


def transition_list(*, assessment: Assessment) -> QuerySet[Transition]:
    """The dossier's timeline, oldest first."""
    return assessment.transitions.select_related("actor").order_by("at", "pk")


def submission_extension_list(*, assessment: Assessment) -> list[SubmissionExtension]:
    """The deadline extensions the city granted the dossier, oldest first."""
    return list(assessment.submission_extensions.select_related("granted_by")
                .order_by("granted_at", "pk"))


def endorsement_list(*, assessment: Assessment) -> list[Endorsement]:
    """The ward's opinions on the dossier: the People's Committee's, the Party committee's."""
    return list(assessment.endorsements.select_related("recorded_by").order_by("body"))


def opinions_record_list(*, assessment: Assessment) -> list[OpinionsRecord]:
    """Every summary of the residents' opinions attached to the dossier, oldest first."""
    return list(assessment.opinions_records.select_related("attached_by")
                .order_by("attached_at", "pk"))


def council_members(*, province: OrgUnit | None) -> QuerySet[User]:
    """The appraisal council of a province: its active holders of the council member role."""
    if province is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.COUNCIL_MEMBER,
        role_assignments__org_unit=province,
        role_assignments__revoked_at__isnull=True,
    ).distinct().order_by("full_name", "username")


def council_vote_list(*, assessment: Assessment) -> QuerySet[CouncilVote]:
    return assessment.votes.select_related("member").order_by("member__full_name", "pk")


def review_value_list(*, assessment: Assessment) -> QuerySet[AssessmentValue]:
    """The dossier's values in the order of the criteria set, for the reviewer's page."""
    return (
        assessment.values.select_related("criterion", "criterion__group")
        .prefetch_related("evidence")
        .order_by("criterion__group__order", "criterion__group__code", "criterion__order",
                  "criterion__code")
    )


def proposal_pending(*, round: RecognitionRound) -> list[Assessment]:
    """The round's dossiers the council approved that no sent proposal carries yet."""
    return list(Assessment.objects.filter(round=round, state=Assessment.State.PROPOSED,
                                          proposal__isnull=True)
                .select_related("ward").prefetch_related("endorsements")
                .order_by("ward__code"))


def proposal_list(*, round: RecognitionRound) -> list[RecognitionProposal]:
    return list(round.proposals.select_related("sent_by").prefetch_related("assessments__ward")
                .order_by("sent_on", "pk"))


def _day(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Event:
    """One line of a dossier's timeline: who did what, when."""

    at: datetime
    actor: User | None
    what: str
    detail: str = ""
    state: str = ""  # the state a step led to; "" for what is not a step


def timeline(*, assessment: Assessment, transitions: list[Transition],
             opinions: list[OpinionsRecord], endorsements: list[Endorsement]) -> list[Event]:
    """Every step of the chain on one line each, oldest first: the procedure's steps, the
    Front's summaries, the ward's opinions, the city's corrections, the proposal sent."""
    events = [Event(t.at, t.actor, f"{t.get_from_state_display()} → {t.get_to_state_display()}",
                    t.reason, t.to_state) for t in transitions]
    events += [Event(r.attached_at, r.attached_by, str(_("Residents' opinions attached")),
                     f"{formats.number_format(r.satisfaction_rate)} % {r.source}".strip())
               for r in opinions]
    events += [Event(e.recorded_at, e.recorded_by,
                     f"{e.get_body_display()}: {e.get_opinion_display()}",
                     f"{e.document_number} ({_day(e.document_date)})"
                     + (f" — {e.text}" if e.text else "")) for e in endorsements]
    for value in (assessment.values.filter(overridden_at__isnull=False)
                  .select_related("criterion", "overridden_by")):
        assert value.overridden_at is not None
        events.append(Event(value.overridden_at, value.overridden_by,
                            str(_("Criterion %(code)s corrected") % {
                                "code": value.criterion.code}), value.override_reason))
    proposal = assessment.proposal
    if proposal is not None:
        events.append(Event(proposal.recorded_at, proposal.sent_by,
                            str(_("Proposed to the Ministry")),
                            f"{proposal.number} ({_day(proposal.sent_on)})"))
    return sorted(events, key=lambda e: e.at)
