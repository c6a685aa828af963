from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Action, can


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action | None
    section: str


# The whole navigation; each entry shows only to users granted its action.
NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "portal:home", None, "portal"),
    NavItem(_("Administrative units"), "units:list", Action.UNIT_VIEW, "units"),
    NavItem(_("Recognition"), "assessments:rounds", Action.ASSESSMENT_VIEW, "assessments"),
    NavItem(_("Criteria sets"), "criteria:list", Action.CRITERIA_VIEW, "criteria"),
    NavItem(_("Residents' opinions"), "consultations:list", Action.CONSULTATION_VIEW,
            "consultations"),
    NavItem(_("Headquarters and equipment"), "facilities:list", Action.FACILITY_VIEW,
            "facilities"),
    NavItem(_("“An toàn về ANTT”"), "movement:overview", Action.MOVEMENT_VIEW, "movement"),
    NavItem(_("Force and commendation"), "force:overview", Action.FORCE_VIEW, "force"),
    NavItem(_("Periodic reports"), "reports:periods", Action.REPORT_VIEW, "reports"),
    NavItem(_("Dashboard"), "indicators:dashboard", Action.INDICATOR_VIEW, "indicators"),
    NavItem(_("Agencies"), "agencies:list", Action.AGENCY_VIEW, "agencies"),
    NavItem(_("Users"), "users:list", Action.USER_VIEW, "users"),
    NavItem(_("Audit log"), "audit:list", Action.AUDIT_VIEW, "audit"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    section = request.resolver_match.namespace if request.resolver_match else ""
    items = [
        {"label": item.label, "url": reverse(item.url_name), "active": item.section == section}
        for item in NAV
        if item.action is None or can(user, item.action)
    ]
    # Every user gets the worklist's reminders (reports.report_services.worklist_reminders_send).
    from reports.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "unread_notifications": unread}
