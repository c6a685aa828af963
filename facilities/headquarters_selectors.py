"""Reads for the headquarters pages: a ward's situation and history, projects, the city list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from directory.selectors import current_ward_get_for_user
from facilities.headquarters_rules import ACTIVE_STAGES
from facilities.models import HeadquartersRecord, InvestmentProject
from facilities.selectors import facility_wards, headquarters_by_ward
from units.models import OrgUnit

# Status filter value for wards that were never surveyed.
NOT_RECORDED = "unknown"


def ward_get_for_user(actor: User, code: str, action: Action = Action.FACILITY_VIEW) -> OrgUnit:
    return current_ward_get_for_user(actor, code, action)

def project_get_for_user(
    actor: User, pk: int, action: Action = Action.FACILITY_VIEW
) -> InvestmentProject:
    projects = InvestmentProject.objects.select_related("ward")
    return get_for_user(actor, projects, action, pk=pk)


def headquarters_history(ward: OrgUnit) -> QuerySet[HeadquartersRecord]:
    """Every dated record of the ward, newest first, with who recorded it and the photos."""
    return (HeadquartersRecord.objects.filter(ward=ward).order_by("-valid_from", "-pk")
            .select_related("recorded_by").prefetch_related("photos"))


def ward_projects(ward: OrgUnit) -> QuerySet[InvestmentProject]:
    return InvestmentProject.objects.filter(ward=ward).order_by(
        "stage", "expected_completion", "pk")


@dataclass(frozen=True)
class WardRow:
    ward: OrgUnit
    record: HeadquartersRecord | None
    active_projects: int
    independent_by: date | None


def headquarters_list(
    *, actor: User, day: date, status: str = "", has_project: str = ""
) -> list[WardRow]:
    """Every ward in scope with its situation on `day` and its active projects.

    `has_project` is "yes" / "no" / "" (any). The status filter runs in Python on the
    records already read: a city has about a hundred and thirty wards.
    """
    active = Q(hq_projects__stage__in=ACTIVE_STAGES)
    wards = facility_wards(actor=actor).annotate(
        active_projects=Count("hq_projects", filter=active),
        independent_by=Min("hq_projects__expected_completion", filter=active & Q(
            hq_projects__kind__in=InvestmentProject.GIVES_INDEPENDENT_HQ)),
    )
    if has_project == "yes":
        wards = wards.filter(active_projects__gt=0)
    elif has_project == "no":
        wards = wards.filter(active_projects=0)
    records = headquarters_by_ward(facility_wards(actor=actor), day)
    rows = []
    for ward in wards:
        record = records.get(ward.pk)
        if status == NOT_RECORDED and record is not None:
            continue
        if status and status != NOT_RECORDED and (record is None or record.status != status):
            continue
        rows.append(WardRow(ward, record, ward.active_projects, ward.independent_by))
    return rows


def headquarters_records(
    *, actor: User, day: date, ward: int | None = None, current: bool | None = None,
    status: str | None = None,
) -> QuerySet[HeadquartersRecord]:
    """Every dated record the actor may see (the wards merged into theirs included), each
    annotated `is_current`: it is its ward's situation on `day` (the latest record on or
    before it) and the ward still exists. `current` keeps only those (True) or only the
    others (False). One query, with the ward, who recorded it and the photos' ids."""
    latest = (HeadquartersRecord.objects.filter(ward=OuterRef("ward"), valid_from__lte=day)
              .order_by("-valid_from", "-pk").values("pk")[:1])
    records = scope(actor, HeadquartersRecord.objects.all(), Action.FACILITY_VIEW).annotate(
        # A CASE rather than the bare condition: a ward with only later records has no
        # latest one (NULL), and a NULL must read as "not current", not as unknown.
        is_current=Case(When(Q(pk=Subquery(latest), ward__valid_to__isnull=True), then=True),
                        default=False, output_field=BooleanField()),
    )
    if ward is not None:
        records = records.filter(ward_id=ward)
    if current is not None:
        records = records.filter(is_current=current)
    if status:
        records = records.filter(status=status)
    return records.select_related("ward", "recorded_by").prefetch_related("photos")
