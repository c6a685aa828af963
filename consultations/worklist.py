"""The residents' consultation's part of the Front's worklist (see core.worklist)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, wards_granted
from consultations.models import Campaign, consultation_last_day
from core.worklist import WorkItem


def items(user: User, today: date) -> list[WorkItem]:
    found: list[WorkItem] = []
    wards = wards_granted(user, Action.CONSULTATION_MANAGE)
    if not wards:
        return found
    last_day = consultation_last_day(today.year)
    campaigns = {c.ward_id: c for c in Campaign.objects.filter(ward__in=wards, year=today.year)}
    for ward in wards:
        campaign = campaigns.get(ward.pk)
        if campaign is None and today <= last_day:
            found.append(WorkItem(
                key=f"consultation-open-{ward.pk}-{today.year}", section="consultations",
                text=_("Open the residents' consultation of %(ward)s: opinions are collected "
                       "before 1 December.") % {"ward": ward.name},
                url=reverse("consultations:list"), due=last_day, remind_days=30))
        elif campaign is not None and campaign.opens_on <= today <= campaign.closes_on:
            found.append(WorkItem(
                key=f"consultation-{campaign.pk}", section="consultations",
                text=_("The residents' consultation of %(ward)s takes answers until %(day)s.")
                % {"ward": ward.name, "day": f"{campaign.closes_on:%d/%m/%Y}"},
                url=reverse("consultations:detail", args=[campaign.pk]),
                due=campaign.closes_on, remind_days=7))
    return found
