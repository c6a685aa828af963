"""Writes of the Fatherland Front's side: closing, paper tallies, moderation, the summary.

Creating a campaign and issuing household codes live in `consultations.services`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from assessments.models import OpinionsRecord
from assessments.procedure_services import Opinions, assessment_opinions_attach, opinions_refusal
from audit.models import AuditEntry
from audit.services import audit_record
from consultations import manage_selectors, selectors
from consultations.documents import CHANNEL_WORDS, summary_docx, summary_filename
from consultations.models import Answer, Campaign, PaperTally, Question, Rating, Response
from core.documents import DOCX_CONTENT_TYPE
from units.models import OrgUnit

HIDE_REASON_MAX = Answer._meta.get_field("hidden_reason").max_length or 300
# Counts per question code and rating, as typed on the tally grid.
Counts = dict[str, dict[int, int]]


def summary_bytes(campaign: Campaign, *, signer: str = "") -> bytes:
    """The summary DOCX from the live result over every channel; `signer` is the name in
    the signature block (the Front's user who produces it)."""
    return _summary(campaign, selectors.campaign_result(campaign),
                    selectors.counted_result(campaign), signer)


def _summary(campaign: Campaign, result: selectors.CampaignResult,
             counted: selectors.CampaignResult, signer: str) -> bytes:
    visible = list(selectors.comments(campaign))
    return summary_docx(
        result, counted=counted, questions=list(campaign.questions.all()),
        comments=[a.text for a in visible], comment_count=len(visible), signer=signer,
    )


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    """Stop taking answers now; paper tallies can still be entered afterwards."""
    require(actor, Action.CONSULTATION_MANAGE, campaign)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.closed_reason(timezone.localdate()) == "closed":
        raise ValidationError(_("This consultation is already closed."), code="closed")
    locked.closed_early_at = timezone.now()
    locked.save(update_fields=["closed_early_at"])
    campaign.closed_early_at = locked.closed_early_at
    return locked


def tally_problems(group: OrgUnit, questions: list[Question], counts: Counts
                   ) -> dict[str, str]:
    """Why a group's paper counts cannot be right, per question code (empty: they can).

    A paper form answers each question at most once, so no question can have more answers
    than the group has households, and none more than the overall question, whose total is
    the number of paper forms.
    """
    problems: dict[str, str] = {}
    totals = {q.code: sum(counts.get(q.code, {}).values()) for q in questions}
    overall = next((q for q in questions if q.is_overall), None)
    paper_forms = totals.get(overall.code, 0) if overall else None
    for question in questions:
        total = totals[question.code]
        if group.households is not None and total > group.households:
            problems[question.code] = _(
                "%(total)s answers, but %(group)s has only %(households)s households."
            ) % {"total": total, "group": group.name, "households": group.households}
        elif (overall is not None and question is not overall and paper_forms is not None
              and total > paper_forms):
            problems[question.code] = _(
                "%(total)s answers, more than the %(forms)s paper forms counted on the "
                "overall question."
            ) % {"total": total, "forms": paper_forms}
    return problems


@transaction.atomic
def paper_tally_save(*, actor: User, campaign: Campaign, group: OrgUnit, counts: Counts
                     ) -> list[PaperTally]:
    """Replace the group's paper counts with `counts`, all or nothing.

    Row by row rather than in bulk so that every change reaches the audit log.
    """
    require(actor, Action.CONSULTATION_MANAGE, campaign)
    if not campaign.groups.filter(pk=group.pk).exists():
        raise ValidationError(_("This residential group is not part of the consultation."))
    questions = manage_selectors.rating_questions(campaign)
    for code, cells in counts.items():
        for rating, n in cells.items():
            if n < 0 or rating not in Rating.values or code not in {q.code for q in questions}:
                raise ValidationError(_("Counts are whole numbers, zero or more."))
    problems = tally_problems(group, questions, counts)
    if problems:
        raise ValidationError(problems)
    existing = {(t.question_id, t.rating): t for t in
                PaperTally.objects.select_for_update().filter(campaign=campaign, group=group)}
    kept = []
    for question in questions:
        for rating in Rating.values:
            n = counts.get(question.code, {}).get(rating, 0)
            tally = existing.pop((question.pk, rating), None)
            if n == 0:
                if tally is not None:
                    tally.delete()
                continue
            if tally is None:
                tally = PaperTally(campaign=campaign, group=group, question=question,
                                   rating=rating)
            elif tally.count == n:
                kept.append(tally)
                continue
            tally.count = n
            tally.entered_by = actor
            tally.save()
            kept.append(tally)
    for stale in existing.values():  # rows of questions no longer rated
        stale.delete()
    return kept


@transaction.atomic
def answer_hide(*, actor: User, answer: Answer, reason: str) -> Answer:
    """Hide an abusive comment from the results; it is kept, with the reason."""
    require(actor, Action.CONSULTATION_MANAGE, answer)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden.")})
    if len(reason) > HIDE_REASON_MAX:
        raise ValidationError({"reason": _("The reason is longer than %(limit)s characters.")
                               % {"limit": HIDE_REASON_MAX}})
    before = [answer.hidden, answer.hidden_reason]
    answer.hidden, answer.hidden_reason = True, reason
    answer.save(update_fields=["hidden", "hidden_reason"])
    audit_record(action=AuditEntry.Action.UPDATE, obj=answer, user=actor,
                 object_repr=_("Comment %(pk)s") % {"pk": answer.pk},
                 changes={"hidden": [before[0], True], "hidden_reason": [before[1], reason]})
    return answer


@transaction.atomic
def answer_show(*, actor: User, answer: Answer) -> Answer:
    """Show a hidden comment again (the reason it was hidden stays in the audit log)."""
    require(actor, Action.CONSULTATION_MANAGE, answer)
    before = [answer.hidden, answer.hidden_reason]
    answer.hidden, answer.hidden_reason = False, ""
    answer.save(update_fields=["hidden", "hidden_reason"])
    audit_record(action=AuditEntry.Action.UPDATE, obj=answer, user=actor,
                 object_repr=_("Comment %(pk)s") % {"pk": answer.pk},
                 changes={"hidden": [before[0], False], "hidden_reason": [before[1], ""]})
    return answer


def contacts_access_record(*, actor: User, campaign: Campaign) -> AuditEntry:
    """Who looked at the phone numbers (Decree 13/2023 asks for access logs)."""
    require(actor, Action.CONSULTATION_MANAGE, campaign)
    # Recorded against the campaign: the page shows all its numbers at once.
    return audit_record(
        action=AuditEntry.Action.ACCESS, obj=campaign, user=actor,
        object_repr=_("Phone numbers of %(campaign)s") % {"campaign": campaign},
    )


def channel_source(everything: selectors.CampaignResult) -> str:
    """Where the counted rate came from, in the words of the dossier: the counted channels
    with their answers, and what was left apart (open web not counted, answers held).
    `everything` is the campaign's result over every channel."""
    counted = set(everything.campaign.counted_channels())
    totals = everything.channel_totals
    used = [f"{CHANNEL_WORDS[Response.Channel(c)]}: {totals[c]}" for c in Response.Channel.values
            if c in counted and totals[c]]
    words = "tính từ " + ("; ".join(used) if used else "không có ý kiến")
    if Response.Channel.WEB not in counted and totals[Response.Channel.WEB]:
        words += (f"; {totals[Response.Channel.WEB]} ý kiến qua đường dẫn không có mã hộ gia "
                  "đình thống kê riêng, không tính")
    if everything.held:
        words += f"; {everything.held} ý kiến vượt số hộ chưa được tính"
    return words


@transaction.atomic
def campaign_opinions_attach(*, actor: User, campaign: Campaign,
                             attach_anyway: bool = False) -> OpinionsRecord:
    """Attach the summary DOCX to the ward's dossier being prepared and fill its rate.

    A campaign whose groups fall short of its own minimum is refused unless the Front
    confirms (`attach_anyway`): the minimum is the Front's rule of thumb, not the law, and a
    small group may never reach it; the summary then says which groups fell short.
    """
    require(actor, Action.CONSULTATION_MANAGE, campaign)
    assessment = manage_selectors.assessment_of_campaign(campaign)
    if assessment is None:
        raise ValidationError(
            _("%(ward)s has no recognition dossier for %(year)s: the ward police registers "
              "and prepares it first.") % {"ward": campaign.ward.name, "year": campaign.year},
            code="no_assessment")
    refusal = opinions_refusal(assessment)
    if refusal:
        raise ValidationError(refusal, code="state")
    result = selectors.counted_result(campaign)
    rate = result.rate
    if rate is None:
        raise ValidationError(_("No resident has answered yet: there is nothing to attach."),
                              code="no_answers")
    if not result.is_valid and not attach_anyway:
        raise ValidationError(
            _("These residential groups have fewer than %(minimum)s answers: %(groups)s. "
              "Collect more answers, or confirm that the summary is attached anyway.")
            % {"minimum": campaign.min_responses_per_group,
               "groups": ", ".join(f"{g.group.name} ({g.answered})"
                                   for g in result.groups_short)},
            code="not_valid")
    everything = selectors.campaign_result(campaign)
    content = _summary(campaign, everything, result,
                       manage_selectors.front_signer(actor, campaign))
    upload = SimpleUploadedFile(summary_filename(campaign.ward.code, campaign.year), content,
                                content_type=DOCX_CONTENT_TYPE)
    return assessment_opinions_attach(
        actor=actor, assessment=assessment, uploaded_file=upload,
        opinions=Opinions(satisfaction_rate=rate, asked=result.answered,
                          satisfied=result.satisfied, source=channel_source(everything)),
    )
