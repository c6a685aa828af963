"""Reads for the road-to-2030 page: the data `facilities.projection` works on."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.permissions import Action, granted, refusal, scope
from facilities import projection
from facilities.models import InvestmentProject, ProcurementPlan
from facilities.selectors import catalogue, facility_wards, headquarters_by_ward, usable_by_ward


def projection_for(actor: User, today: date, last_year: int = projection.LAST_YEAR
                   ) -> projection.Projection:
    """The projection over the wards the actor may see, in a fixed number of queries.

    Raises PermissionDenied when no role of the actor grants FACILITY_VIEW at all: the page
    has no object to hide, so 403 rather than 404.
    """
    if not granted(actor, Action.FACILITY_VIEW):
        raise PermissionDenied(refusal(Action.FACILITY_VIEW))
    wards_qs = facility_wards(actor=actor, action=Action.FACILITY_VIEW)
    wards = [projection.Ward(id=pk, code=code, name=name)
             for pk, code, name in wards_qs.values_list("pk", "code", "name")]

    # One query per date: today, then 31/12 of each past year (at most 2024 → last year).
    # The union of those records answers "latest record on or before D" for every D asked.
    days = [today] + [date(year, 12, 31)
                      for year in range(projection.FIRST_YEAR, min(today.year, last_year + 1))]
    headquarters: dict[int, dict[date, projection.HeadquartersState]] = {}
    for day in days:
        for ward_id, record in headquarters_by_ward(wards_qs, day).items():
            headquarters.setdefault(ward_id, {})[record.valid_from] = (
                projection.HeadquartersState(valid_from=record.valid_from, status=record.status)
            )

    projects = [
        projection.Project(ward_id=ward_id, kind=kind, stage=stage, title=title,
                           expected_completion=expected, completed_on=completed)
        for ward_id, kind, stage, title, expected, completed in scope(
            actor, InvestmentProject.objects.filter(ward__in=wards_qs), Action.FACILITY_VIEW
        ).values_list("ward_id", "kind", "stage", "title", "expected_completion",
                      "completed_on")
    ]
    norms = [projection.Item(id=pk, name=name, norm=norm, unit_of_measure=uom)
             for pk, name, norm, uom in catalogue().values_list(
                 "pk", "name", "norm_per_unit", "unit_of_measure")]
    procurements = [
        projection.Procurement(ward_id=ward_id, item_id=item_id, year=year, quantity=quantity,
                               expected_delivery=expected, delivered=delivered)
        for ward_id, item_id, year, quantity, expected, delivered in scope(
            actor, ProcurementPlan.objects.filter(ward__in=wards_qs), Action.FACILITY_VIEW
        ).values_list("ward_id", "item_id", "year", "quantity", "expected_delivery",
                      "delivered")
    ]
    return projection.project_to_2030(
        wards=wards,
        today=today,
        headquarters={pk: list(states.values()) for pk, states in headquarters.items()},
        projects=projects,
        norms=norms,
        usable=usable_by_ward(wards_qs),
        procurements=procurements,
        last_year=last_year,
    )
