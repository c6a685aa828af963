"""The recognition procedure as explicit states: who may move a dossier, from where, to where.

draft → submitted → under review → returned (→ submitted again) or accepted → appraisal →
proposed to the Ministry (or not recognised, when the council does not approve) → recognised
/ not recognised by the Ministry's decision; recognised → revoked. The residents' opinions
are attached while the dossier is a draft (they decide a criterion, so the ward cannot
submit without them); "opinions attached" remains only for dossiers of earlier years.
Every move is one `Transition` row (who, when, why); nothing else changes `state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import Action, can, require
from assessments.models import Assessment, CriteriaSet, Transition

S = Assessment.State


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    action: Action
    label: str | Promise
    reason_required: bool = False
    # Who signs the decision this step records (the decision form's default signer). Since
    # 2025 the Minister of Public Security recognises model ward police units; a province
    # whose rules differ changes this row (or lets appraisal go straight to recognised).
    decided_by: str | Promise = ""


STEPS: tuple[Step, ...] = (
    Step(S.DRAFT, S.SUBMITTED, Action.ASSESSMENT_SUBMIT, gettext_lazy("Submit the dossier")),
    Step(S.RETURNED, S.SUBMITTED, Action.ASSESSMENT_SUBMIT, gettext_lazy("Submit again")),
    Step(S.SUBMITTED, S.UNDER_REVIEW, Action.ASSESSMENT_REVIEW, gettext_lazy("Start the review")),
    Step(S.UNDER_REVIEW, S.RETURNED, Action.ASSESSMENT_REVIEW,
         gettext_lazy("Return to the ward"), reason_required=True),
    Step(S.UNDER_REVIEW, S.ACCEPTED, Action.ASSESSMENT_REVIEW, gettext_lazy("Accept the dossier")),
    Step(S.ACCEPTED, S.APPRAISAL, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Send to the appraisal council")),
    Step(S.OPINIONS_ATTACHED, S.APPRAISAL, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Send to the appraisal council")),
    Step(S.APPRAISAL, S.PROPOSED, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Propose to the Ministry")),
    Step(S.APPRAISAL, S.NOT_RECOGNISED, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Do not propose"), reason_required=True),
    Step(S.PROPOSED, S.RECOGNISED, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Record the Ministry's decision"),
         decided_by=gettext_lazy("Minister of Public Security")),
    Step(S.PROPOSED, S.NOT_RECOGNISED, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Record that the Ministry did not recognise"), reason_required=True),
    Step(S.RECOGNISED, S.REVOKED, Action.ASSESSMENT_DECIDE,
         gettext_lazy("Revoke the recognition"), reason_required=True),
)


def step_for(source: str, target: str) -> Step | None:
    return next((s for s in STEPS if s.source == source and s.target == target), None)


def available_steps(user: User, assessment: Assessment) -> list[Step]:
    """The moves this user may make on this dossier now (for the buttons on its page)."""
    return [s for s in STEPS if s.source == assessment.state and can(user, s.action, assessment)]


@transaction.atomic
def assessment_transition(
    *, actor: User, assessment: Assessment, target: str, reason: str = "",
    fields: dict[str, Any] | None = None,
) -> Transition:
    """Move the dossier one step; `fields` are set on the assessment in the same write.

    The caller checks the step's own preconditions (complete values before submitting, a
    decision number before recording recognition) through `assessments.services`.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if target == S.SUBMITTED:
        # A submission freezes the criteria set; lock its row so a concurrent replace of
        # the set's contents (criteria_services) waits for us or sees the dossier.
        CriteriaSet.objects.select_for_update().filter(pk=locked.criteria_set_id).first()
    step = step_for(locked.state, target)
    if step is None:
        raise ValidationError(
            _("A dossier in the state “%(state)s” cannot go to “%(target)s”.")
            % {"state": locked.get_state_display(), "target": S(target).label}
        )
    require(actor, step.action, locked)
    if step.reason_required and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this step.")})
    source = locked.state
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    locked.state = target
    locked.save()
    assessment.refresh_from_db()
    return Transition.objects.create(
        assessment=locked, from_state=source, to_state=target, actor=actor, reason=reason.strip()
    )


@dataclass(frozen=True)
class Lock:
    """Why a dossier cannot be edited now, and who can change that."""

    reason: str
    who_can_unlock: str


def lock_for(assessment: Assessment) -> Lock | None:
    if assessment.is_editable:
        return None
    last = assessment.transitions.order_by("-at", "-pk").first()
    when = last.at if last else assessment.updated_at
    who = (last.actor if last and last.actor else None) or _("the system")
    from django.utils import formats, timezone

    stamp = formats.date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")
    reason = _("The dossier is “%(state)s” since %(when)s (%(who)s); the ward can no longer "
               "change it.") % {"state": assessment.get_state_display(), "when": stamp,
                                "who": who}
    if assessment.state in (S.SUBMITTED, S.UNDER_REVIEW):
        unlock = _("The city coordinator can return it to the ward for changes.")
    elif assessment.state == S.REVOKED or assessment.state == S.NOT_RECOGNISED:
        unlock = _("The procedure for this year is closed; nobody can reopen it.")
    else:
        unlock = _("It can no longer be returned; the city coordinator decides the next step.")
    return Lock(reason=reason, who_can_unlock=unlock)
