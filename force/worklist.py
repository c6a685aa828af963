"""The force's part of each user's worklist (see core.worklist)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, granted, scope, wards_granted
from core.worklist import WorkItem
from force.models import Attendance, Commendation, Course, Staffing, TrainingPlan


def items(user: User, today: date) -> list[WorkItem]:
    found: list[WorkItem] = []
    year = today.year
    for ward in wards_granted(user, Action.FORCE_EDIT):
        url = reverse("force:ward", args=[ward.code, year])
        if not Staffing.objects.filter(ward=ward, year=year).exists():
            found.append(WorkItem(
                key=f"staffing-{ward.pk}-{year}", section="force",
                text=_("Record the staffing of %(ward)s for %(year)s.") % {
                    "ward": ward.name, "year": year}, url=url))
        ended = Course.objects.filter(
            plan__province=ward.province or ward.parent, plan__year=year,
            plan__published_at__isnull=False, ends_on__lt=today,
        ).exclude(pk__in=Attendance.objects.filter(ward=ward).values("course_id")).count()
        if ended:
            found.append(WorkItem(
                key=f"attendance-{ward.pk}-{year}", section="force",
                text=_("Record the training results of %(count)d courses that have ended.")
                % {"count": ended}, url=url))
    if granted(user, Action.COMMENDATION_REVIEW):
        pending = scope(user, Commendation.objects.filter(
            state__in=[Commendation.State.PROPOSED, Commendation.State.REVIEWED]),
            Action.COMMENDATION_REVIEW).count()
        if pending:
            found.append(WorkItem(
                key="commendations", section="force",
                text=_("%(count)d commendation proposals wait for review or a decision.") % {
                    "count": pending}, url=reverse("force:commendations")))
    for assignment in granted(user, Action.TRAINING_MANAGE):
        province = assignment.org_unit
        if province is None or province.kind != "province":
            continue
        if not TrainingPlan.objects.filter(province=province, year=year,
                                           published_at__isnull=False).exists():
            found.append(WorkItem(
                key=f"training-plan-{province.pk}-{year}", section="force",
                text=_("Publish the training plan for %(year)s.") % {"year": year},
                url=reverse("force:plan", args=[year])))
    return found
