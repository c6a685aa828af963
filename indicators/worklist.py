"""The indicators' part of a ward's worklist (see core.worklist): last month's figures."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, wards_granted
from core.worklist import WorkItem
from indicators.models import IndicatorDefinition, IndicatorValue


def _last_month(today: date) -> date:
    first = today.replace(day=1)
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(
        month=first.month - 1)


def items(user: User, today: date) -> list[WorkItem]:
    wards = wards_granted(user, Action.INDICATOR_EDIT)
    if not wards:
        return []
    month = _last_month(today)
    typed = IndicatorDefinition.objects.filter(
        is_active=True, period_type=IndicatorDefinition.PeriodType.MONTH, filled_by="",
    ).exclude(aggregation=IndicatorDefinition.Aggregation.RATIO).count()
    entered = dict(IndicatorValue.objects.filter(ward__in=wards, month=month)
                   .values("ward_id").annotate(n=Count("pk")).values_list("ward_id", "n"))
    found = []
    for ward in wards:
        count = entered.get(ward.pk, 0)
        if typed and count < typed:
            found.append(WorkItem(
                key=f"indicators-{ward.pk}-{month:%Y-%m}", section="indicators",
                text=_("Enter the indicators of %(ward)s for %(month)s (%(done)d of %(all)d "
                       "entered).") % {"ward": ward.name, "month": f"{month:%m/%Y}",
                                       "done": count, "all": typed},
                url=reverse("indicators:entry", args=[ward.code]) + f"?month={month:%Y-%m}"))
    return found
