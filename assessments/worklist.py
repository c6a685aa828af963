"""The recognition chain's part of each user's worklist (see core.worklist)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, granted, scope, wards_granted
from assessments.models import Assessment, CouncilVote, Endorsement, RecognitionRound
from core.worklist import WorkItem

S = Assessment.State
REMIND_DAYS = 7


def _dossier_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def items(user: User, today: date) -> list[WorkItem]:
    found: list[WorkItem] = []
    year = today.year
    wards = {w.pk: w for w in wards_granted(user, Action.ASSESSMENT_VIEW)}
    dossiers = {a.ward_id: a for a in Assessment.objects.filter(
        ward_id__in=wards, round__year=year).select_related("round", "ward")}
    for ward in wards_granted(user, Action.ASSESSMENT_REGISTER):
        current = (RecognitionRound.objects.filter(Q(province=ward.province)
                                                   | Q(province=ward.parent), year=year)
                   .first())
        if current and ward.pk not in dossiers and current.registration_open_on(today):
            found.append(WorkItem(
                key=f"register-{current.pk}-{ward.pk}", section="assessments",
                text=_("Register %(ward)s for recognition in %(year)s.") % {
                    "ward": ward.name, "year": year},
                url=reverse("assessments:rounds"), due=current.registration_deadline,
                remind_days=14))
    editors = {w.pk for w in wards_granted(user, Action.ASSESSMENT_EDIT)}
    endorsers = {w.pk for w in wards_granted(user, Action.ASSESSMENT_ENDORSE)}
    front = {w.pk for w in wards_granted(user, Action.ASSESSMENT_ATTACH_OPINIONS)}
    for ward_id, dossier in dossiers.items():
        if not dossier.is_editable:
            continue
        due = dossier.submission_due()
        if ward_id in editors:
            text = (_("Correct the returned dossier of %(ward)s and submit it again.")
                    if dossier.state == S.RETURNED
                    else _("Complete and submit the self-assessment of %(ward)s."))
            found.append(WorkItem(key=f"dossier-{dossier.pk}", section="assessments",
                                  text=text % {"ward": dossier.ward.name},
                                  url=_dossier_url(dossier), due=due, remind_days=REMIND_DAYS))
        if ward_id in endorsers and not Endorsement.objects.filter(
                assessment=dossier, body=Endorsement.Body.COMMITTEE).exists():
            found.append(WorkItem(
                key=f"endorse-{dossier.pk}", section="assessments",
                text=_("Give the ward's opinion on the dossier of %(ward)s.") % {
                    "ward": dossier.ward.name},
                url=reverse("assessments:endorse", args=[dossier.pk]), due=due,
                remind_days=REMIND_DAYS))
        if ward_id in front and dossier.satisfaction_rate is None:
            found.append(WorkItem(
                key=f"opinions-{dossier.pk}", section="assessments",
                text=_("Attach the residents' opinions to the dossier of %(ward)s.") % {
                    "ward": dossier.ward.name},
                url=_dossier_url(dossier), due=due, remind_days=REMIND_DAYS))
    if granted(user, Action.ASSESSMENT_REVIEW):
        visible = scope(user, Assessment.objects.all(), Action.ASSESSMENT_REVIEW)
        submitted = visible.filter(state=S.SUBMITTED).count()
        if submitted:
            found.append(WorkItem(
                key="dossiers-to-review", section="assessments",
                text=_("%(count)d submitted dossiers wait for review.") % {"count": submitted},
                url=reverse("assessments:rounds")))
        unsent = visible.filter(state=S.PROPOSED, proposal__isnull=True).count()
        if unsent:
            found.append(WorkItem(
                key="proposal-to-send", section="assessments",
                text=_("%(count)d dossiers wait for the proposal to the Ministry.") % {
                    "count": unsent}, url=reverse("assessments:rounds")))
    if granted(user, Action.COUNCIL_VOTE):
        voted = CouncilVote.objects.filter(member=user).values("assessment_id")
        waiting = scope(user, Assessment.objects.filter(state=S.APPRAISAL),
                        Action.COUNCIL_VOTE).exclude(pk__in=voted).select_related("ward")
        for dossier in waiting:
            found.append(WorkItem(
                key=f"vote-{dossier.pk}", section="assessments",
                text=_("Vote on the dossier of %(ward)s.") % {"ward": dossier.ward.name},
                url=_dossier_url(dossier)))
    return found

