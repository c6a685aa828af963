from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import RoleAssignment, ScopeKind, User
from assessments.models import Assessment
from units.models import OrgUnit


@dataclass
class ScopeSummary:
    assignment: RoleAssignment
    facts: list[tuple[str, Any]]
    links: list[tuple[str, str]] = field(default_factory=list)


def home_scope_summaries(user: User) -> list[ScopeSummary]:
    """One card per role assignment, saying what the user's scope covers."""
    from django.utils.translation import gettext as _

    summaries = []
    for a in user.active_assignments():
        facts: list[tuple[str, Any]] = []
        links: list[tuple[str, str]] = []
        if a.scope_kind == ScopeKind.PROVINCE:
            counts = OrgUnit.objects.filter(
                province=a.org_unit, valid_to__isnull=True
            ).aggregate(
                wards=Count("pk", filter=Q(kind=OrgUnit.Kind.WARD)),
                communes=Count("pk", filter=Q(kind=OrgUnit.Kind.COMMUNE)),
                zones=Count("pk", filter=Q(kind=OrgUnit.Kind.SPECIAL_ZONE)),
            )
            facts = [
                (_("Wards"), counts["wards"]),
                (_("Communes"), counts["communes"]),
            ]
            if counts["zones"]:
                facts.append((_("Special zones"), counts["zones"]))
            facts.extend(_city_figures(a.org_unit))
        elif a.scope_kind == ScopeKind.WARD:
            groups = OrgUnit.objects.filter(
                parent=a.org_unit, kind=OrgUnit.Kind.RESIDENTIAL_GROUP, valid_to__isnull=True
            ).count()
            facts = [(_("Residential groups"), groups)]
            if a.org_unit and a.org_unit.province:
                facts.append((_("Province"), a.org_unit.province))
            dossier = (Assessment.objects.filter(ward=a.org_unit)
                       .select_related("round").order_by("-round__year").first())
            if dossier is not None:
                facts.append((_("Recognition dossier %(year)s") % {"year": dossier.round.year},
                              dossier.get_state_display()))
                links.append((_("Open the dossier"),
                              reverse("assessments:detail", args=[dossier.pk])))
        elif a.scope_kind == ScopeKind.AGENCY and a.agency:
            facts = [(_("Item in section IV of the plan"), a.agency.plan_item)]
        summaries.append(ScopeSummary(assignment=a, facts=facts, links=links))
    return summaries


def _city_figures(province: Any) -> list[tuple[str, Any]]:
    """The few figures a city role watches: recognitions, and the bodies' reports of the
    period due next."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from reports.models import Report, ReportingPeriod

    today = timezone.localdate()
    recognised = Assessment.objects.filter(round__province=province,
                                           state=Assessment.State.RECOGNISED).count()
    figures: list[tuple[str, Any]] = [(_("Units recognised"), recognised)]
    period = (ReportingPeriod.objects.filter(plan__province=province, due_date__gte=today)
              .order_by("due_date").first())
    if period is not None:
        reports = Report.objects.filter(period=period)
        sent = reports.exclude(state__in=[Report.State.DRAFT, Report.State.RETURNED]).count()
        figures.append((_("%(period)s: reports received") % {"period": period.title},
                        f"{sent}/{reports.count()}"))
    return figures
