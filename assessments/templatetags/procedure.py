"""`{% procedure_panel assessment %}`: state, timeline, next steps and the council's votes."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import Form
from django.urls import reverse

from accounts.models import User
from accounts.permissions import Action, can
from assessments.forms_procedure import ExtendForm, StepForm, VoteForm
from assessments.models import Assessment, CouncilVote
from assessments.procedure import available_steps, lock_for
from assessments.procedure_selectors import (
    council_members,
    council_vote_list,
    endorsement_list,
    opinions_record_list,
    submission_extension_list,
    timeline,
    transition_list,
)
from assessments.procedure_services import council_tally, is_council_member, pass_rule_warning

register = template.Library()

S = Assessment.State
BADGES = {
    S.RECOGNISED: "badge-ok", S.ACCEPTED: "badge-ok", S.RETURNED: "badge-bad",
    S.NOT_RECOGNISED: "badge-bad", S.REVOKED: "badge-bad",
}
PAGE_URLS: dict[str, str] = {
    S.RETURNED: "assessments:return",
    S.PROPOSED: "assessments:decide",
    S.RECOGNISED: "assessments:decide",
    S.NOT_RECOGNISED: "assessments:decide",
}


def _step_rows(user: User, assessment: Assessment, failed: str,
               failed_form: Form | None) -> list[dict[str, Any]]:
    rows = []
    for step in available_steps(user, assessment):
        row: dict[str, Any] = {"step": step, "target": str(step.target)}
        if step.target in PAGE_URLS:
            url = reverse(PAGE_URLS[step.target], args=[assessment.pk])
            if step.target in (S.PROPOSED, S.RECOGNISED, S.NOT_RECOGNISED):
                url += f"?outcome={step.target}"
            row |= {"kind": "link", "url": url}
        else:
            name = "assessments:revoke" if step.target == S.REVOKED else "assessments:transition"
            args: list[Any] = [assessment.pk]
            if step.target != S.REVOKED:
                args.append(step.target)
            form = failed_form if failed == step.target and failed_form else StepForm(
                auto_id=f"id_{step.target}_%s")
            row |= {"kind": "form", "url": reverse(name, args=args), "form": form}
        rows.append(row)
    return rows


def panel_context(
    *, user: User, assessment: Assessment, next_url: str = "", failed: str = "",
    failed_form: Form | None = None, vote_form: Form | None = None, notice: str = "",
    extend_form: Form | None = None,
) -> dict[str, Any]:
    """Everything the panel shows; the views re-render it with a failed form kept."""
    transitions = list(transition_list(assessment=assessment))
    steps = _step_rows(user, assessment, failed, failed_form)
    sees_votes = (can(user, Action.COUNCIL_VOTE, assessment)
                  or can(user, Action.ASSESSMENT_DECIDE, assessment))
    context: dict[str, Any] = {
        "assessment": assessment,
        "badge": BADGES.get(S(assessment.state), "badge-warn"),
        "lock": lock_for(assessment),
        "transitions": transitions,
        "steps": steps,
        # A step that is no longer offered (someone moved the dossier meanwhile): its error
        # and the text typed for it are still shown, above the steps that remain.
        "orphan_form": failed_form if failed and failed_form is not None and not any(
            row["target"] == failed for row in steps) else None,
        "next_url": next_url,
        "notice": notice,
        "sees_votes": sees_votes,
        "submission_due": assessment.submission_due(),
        "submission_extensions": submission_extension_list(assessment=assessment),
    }
    # The Front attaches its summary while the ward prepares the dossier (a paper
    # consultation's figures; one run in the system is attached from its results page).
    context["may_attach_opinions"] = (
        assessment.is_editable and can(user, Action.ASSESSMENT_ATTACH_OPINIONS, assessment))
    context["opinions_records"] = opinions_record_list(assessment=assessment)
    context["endorsements"] = endorsement_list(assessment=assessment)
    context["events"] = timeline(assessment=assessment, transitions=transitions,
                                 opinions=context["opinions_records"],
                                 endorsements=context["endorsements"])
    context["may_endorse"] = (
        assessment.is_editable and can(user, Action.ASSESSMENT_ENDORSE, assessment))
    if assessment.state == S.DRAFT and can(user, Action.ASSESSMENT_EXTEND, assessment):
        context["extend_form"] = extend_form or ExtendForm()
    if sees_votes and (assessment.state == S.APPRAISAL or assessment.votes.exists()):
        votes = list(council_vote_list(assessment=assessment))
        members = list(council_members(province=assessment.round.province))
        voted = {v.member_id for v in votes}
        context |= {
            "votes": votes,
            "tally": council_tally(assessment=assessment, votes=votes),
            "not_voted": [m for m in members if m.pk not in voted],
            "pass_warning": pass_rule_warning(assessment),
        }
    if assessment.state == S.APPRAISAL and is_council_member(user, assessment):
        own = next((v for v in context.get("votes", []) if v.member_id == user.pk), None)
        context["own_vote"] = own
        context["vote_form"] = vote_form or VoteForm(
            initial={"vote": own.vote, "opinion": own.opinion} if own else None
        )
        context["vote_choices"] = CouncilVote.Vote
    return context


@register.inclusion_tag("assessments/_procedure_panel.html", takes_context=True)
def procedure_panel(context: template.Context, assessment: Assessment) -> dict[str, Any]:
    """The procedure panel at the bottom of a dossier page; its forms come back to that page."""
    request = context.get("request")
    next_url = request.get_full_path() if request is not None else ""
    return panel_context(user=context["user"], assessment=assessment, next_url=next_url)
