"""Writes for headquarters records and investment projects (section II.5 of the plan).

The validation rules live here, as functions returning {field: message}, so that the
forms, the services and the XLSX import refuse exactly the same things.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import Action, require
from attachments.services import attachment_create
from facilities import headquarters_io
from facilities.headquarters_rules import (
    HQ_FIELDS,
    PROJECT_FIELDS,
    headquarters_problems,
    project_problems,
)
from facilities.models import HeadquartersRecord, InvestmentProject
from units.models import OrgUnit

Status = HeadquartersRecord.Status
Stage = InvestmentProject.Stage


@transaction.atomic
def headquarters_record(
    *,
    actor: User,
    ward: OrgUnit,
    valid_from: date,
    status: str,
    land_area: Decimal | None = None,
    floor_area: Decimal | None = None,
    storeys: int | None = None,
    condition: str = "",
    year_built: int | None = None,
    land_legal_status: str = "",
    households_inside: int = 0,
    special_inner_district: bool = False,
    notes: str = "",
    photos: Iterable[UploadedFile] = (),
) -> HeadquartersRecord:
    """Record the ward's headquarters situation as of `valid_from`.

    A new date makes a new record (the history keeps the old ones); the same date
    replaces that day's record, since there is one situation per day.
    """
    require(actor, Action.FACILITY_EDIT, ward)
    values: dict[str, Any] = {
        "valid_from": valid_from, "status": status, "land_area": land_area,
        "floor_area": floor_area, "storeys": storeys, "condition": condition,
        "year_built": year_built, "land_legal_status": land_legal_status.strip(),
        "households_inside": households_inside,
        "special_inner_district": special_inner_district, "notes": notes.strip(),
    }
    problems = headquarters_problems(values)
    if status not in Status.values:
        problems["status"] = _("Choose a status.")
    if problems:
        raise ValidationError(problems)
    record, _created = HeadquartersRecord.objects.select_for_update().update_or_create(
        ward=ward, valid_from=valid_from,
        defaults={**values, "recorded_by": actor},
    )
    for photo in photos:
        record.photos.add(attachment_create(actor=actor, uploaded_file=photo, org_unit=ward))
    return record


def _project_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {field: data.get(field) for field in PROJECT_FIELDS}
    for field in ("title", "budget_source", "notes"):
        values[field] = (values[field] or "").strip()
    values["stage"] = values["stage"] or Stage.PROPOSED
    problems = project_problems(values)
    if values["kind"] not in InvestmentProject.Kind.values:
        problems["kind"] = _("Choose a kind of project.")
    if not values["title"]:
        problems["title"] = _("Enter a title.")
    if problems:
        raise ValidationError(problems)
    return values


@transaction.atomic
def project_create(*, actor: User, ward: OrgUnit, data: dict[str, Any]) -> InvestmentProject:
    require(actor, Action.FACILITY_EDIT, ward)
    return InvestmentProject.objects.create(ward=ward, created_by=actor,
                                            **_project_values(data))


@transaction.atomic
def project_update(
    *, actor: User, project: InvestmentProject, data: dict[str, Any]
) -> InvestmentProject:
    require(actor, Action.FACILITY_EDIT, project.ward)
    for field, value in _project_values(data).items():
        setattr(project, field, value)
    project.save()
    return project


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int


@transaction.atomic
def headquarters_import(*, actor: User, uploaded_file: Any) -> ImportResult:
    """Create or update dated headquarters records from an XLSX file, all or nothing.

    Raises headquarters_io.ImportErrors listing every problem; then nothing is written.
    """
    parsed = headquarters_io.parse_headquarters(actor=actor, uploaded_file=uploaded_file)
    existing = {
        (r.ward_id, r.valid_from): r
        for r in HeadquartersRecord.objects.select_for_update().filter(
            ward__in=[row.ward for row in parsed.rows]
        )
    }
    created = updated = unchanged = 0
    for row in parsed.rows:
        record = existing.get((row.ward.pk, row.values["valid_from"]))
        if record is not None and all(
            getattr(record, field) == row.values[field] for field in HQ_FIELDS
        ):
            unchanged += 1
            continue
        headquarters_record(actor=actor, ward=row.ward, **row.values)
        if record is None:
            created += 1
        else:
            updated += 1
    return ImportResult(created, updated, unchanged, parsed.skipped)
