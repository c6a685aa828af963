"""The periodic reports' part of each user's worklist (see core.worklist): a body's report
to write or correct, for its reporters; the reports waiting for review, for the city.
The daily reminders send the same items (reports.report_services.worklist_reminders_send).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import ScopeKind, User
from accounts.permissions import Action, granted, scope, wards_granted
from core.worklist import OVERDUE_WINDOW_DAYS, WorkItem
from reports.models import Report

S = Report.State


def items(user: User, today: date) -> list[WorkItem]:
    found: list[WorkItem] = []
    # The bodies the user reports for (a city role may edit any report, but writing them is
    # not its work).
    agencies = {a.agency_id for a in granted(user, Action.REPORT_EDIT)
                if a.scope_kind == ScopeKind.AGENCY and a.agency_id}
    wards = [w.pk for w in wards_granted(user, Action.REPORT_EDIT)]
    if agencies or wards:
        open_reports = (Report.objects.filter(
            Q(agency_id__in=agencies) | Q(agency__org_unit_id__in=wards),
            state__in=[S.DRAFT, S.RETURNED],
            period__due_date__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS))
            .select_related("period__plan", "agency"))
        for report in open_reports:
            period = report.period
            if report.state == S.RETURNED:
                text = _("Correct and resubmit “%(period)s” of %(body)s (returned).")
            else:
                text = _("Write and submit “%(period)s” of %(body)s.")
            found.append(WorkItem(
                key=f"report-{report.pk}", section="reports",
                text=text % {"period": period.title, "body": report.agency.name},
                url=reverse("reports:report", args=[report.pk]), due=period.due_date,
                remind_days=period.plan.reminder_days))
    if granted(user, Action.REPORT_REVIEW):
        waiting = scope(user, Report.objects.filter(state=S.SUBMITTED),
                        Action.REPORT_REVIEW).count()
        if waiting:
            found.append(WorkItem(
                key="reports-to-review", section="reports",
                text=_("%(count)d submitted reports wait for your review.") % {"count": waiting},
                url=reverse("reports:periods")))
    return found

