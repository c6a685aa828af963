"""The "An toàn về ANTT" standard's part of each user's worklist (see core.worklist)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, granted, scope, wards_granted
from core.worklist import WorkItem
from movement.models import SafetyAssessment
from movement.selectors import ward_year
from movement.services import registration_refusal
from movement.standard_rules import standard

# From this day the groups' year-end assessment is due (by 31 December).
ASSESSMENT_SEASON = (10, 1)


def items(user: User, today: date) -> list[WorkItem]:
    found: list[WorkItem] = []
    year = today.year
    editors = wards_granted(user, Action.MOVEMENT_EDIT)
    recognisers = wards_granted(user, Action.SAFETY_RECOGNISE)
    for ward in {w.pk: w for w in [*editors, *recognisers]}.values():
        situation = ward_year(ward, year, today)
        url = reverse("movement:ward", args=[ward.code, year])
        if ward in editors:
            unregistered = situation.total - situation.registered
            if unregistered and registration_refusal(year) is None:
                found.append(WorkItem(
                    key=f"safety-register-{ward.pk}-{year}", section="movement",
                    text=_("Register the residential groups of %(ward)s for “An toàn về ANTT” "
                           "%(year)s (%(count)d not registered).") % {
                        "ward": ward.name, "year": year, "count": unregistered},
                    url=url, due=standard().registration_deadline(year), remind_days=14))
            to_assess = situation.registered - situation.assessed
            if to_assess and today >= date(year, *ASSESSMENT_SEASON):
                found.append(WorkItem(
                    key=f"safety-assess-{ward.pk}-{year}", section="movement",
                    text=_("Assess %(count)d registered groups of %(ward)s.") % {
                        "count": to_assess, "ward": ward.name},
                    url=url, due=date(year, 12, 31), remind_days=14))
        if ward in recognisers and situation.waiting_recognition:
            found.append(WorkItem(
                key=f"safety-recognise-{ward.pk}-{year}", section="movement",
                text=_("Record the decision recognising %(count)d groups of %(ward)s.") % {
                    "count": len(situation.waiting_recognition), "ward": ward.name},
                url=reverse("movement:recognise", args=[ward.code, year])))
    if granted(user, Action.SAFETY_DECIDE):
        waiting = scope(user, SafetyAssessment.objects.filter(
            meets=True, decision__isnull=True), Action.SAFETY_DECIDE).exclude(
            unit__kind="residential_group").count()
        if waiting:
            found.append(WorkItem(
                key="safety-communes", section="movement",
                text=_("%(count)d communes or wards meet “An toàn về ANTT” and wait for their "
                       "recognition.") % {"count": waiting},
                url=reverse("movement:overview")))
    return found
