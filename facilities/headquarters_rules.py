"""The rules a headquarters record and an investment project must meet (plan section II.5).

Pure functions returning {field: message}, so that the forms, the services and the XLSX
import refuse exactly the same things; nothing here writes or checks permissions.
- A headquarters situation is dated: it may not lie in the future; areas and households
  are not negative; the floor area is at most land × storeys × 1.1; 0–30 storeys; built
  between 1900 and this year; a ward with no headquarters has no figures.
- A project's dates and costs follow its stage (see `project_problems`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from facilities.models import HeadquartersRecord, InvestmentProject

Status = HeadquartersRecord.Status
Stage = InvestmentProject.Stage

MAX_STOREYS = 30
FIRST_YEAR_BUILT = 1900
# Households living inside a headquarters' premises: a few, rarely dozens. The cap only
# catches a typing slip (and keeps the figure inside its column).
MAX_HOUSEHOLDS_INSIDE = 1000
# Several storeys are normal; 10% on top allows for mezzanines and measuring differences.
FLOOR_AREA_TOLERANCE = Decimal("1.1")
# The plan runs to 2030; a date past 2035 is suspicious, one past 2040 is a typo.
WARN_COMPLETION_AFTER = date(2035, 12, 31)
LATEST_COMPLETION = date(2040, 12, 31)
# Stages that come after the approval of the investment decision.
APPROVED_OR_LATER = (Stage.APPROVED, Stage.UNDER_CONSTRUCTION, Stage.IN_USE)
ACTIVE_STAGES = (Stage.PROPOSED, Stage.APPROVED, Stage.UNDER_CONSTRUCTION)

# Every value a headquarters record carries besides the ward, in import/export order.
HQ_FIELDS = (
    "valid_from", "status", "land_area", "floor_area", "storeys", "condition", "year_built",
    "land_legal_status", "households_inside", "special_inner_district", "notes",
)
PROJECT_FIELDS = (
    "kind", "title", "budget_source", "estimated_cost", "approved_cost", "stage",
    "approved_on", "expected_completion", "completed_on", "notes",
)


def headquarters_problems(data: dict[str, Any]) -> dict[str, str]:
    """{field: message} for a headquarters situation; empty when it can be recorded."""
    problems: dict[str, str] = {}
    today = timezone.localdate()
    valid_from = data.get("valid_from")
    if valid_from is not None and valid_from > today:
        problems["valid_from"] = _("The date is in the future; record the situation as of "
                                   "today or an earlier date.")
    land, floor = data.get("land_area"), data.get("floor_area")
    storeys = data.get("storeys")
    for field, value in (("land_area", land), ("floor_area", floor)):
        if value is not None and value < 0:
            problems[field] = _("An area cannot be negative.")
    if storeys is not None and not 0 <= storeys <= MAX_STOREYS:
        problems["storeys"] = _("The number of storeys must be between 0 and %(max)d.") % {
            "max": MAX_STOREYS}
    year = data.get("year_built")
    if year is not None and not FIRST_YEAR_BUILT <= year <= today.year:
        problems["year_built"] = _("The year built must be between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR_BUILT, "last": today.year}
    households = data.get("households_inside")
    if households is not None and households < 0:
        problems["households_inside"] = _("The number of households cannot be negative.")
    elif households is not None and households > MAX_HOUSEHOLDS_INSIDE:
        problems["households_inside"] = _(
            "Check the number of households: at most %(max)s live inside any premises."
        ) % {"max": number_format(MAX_HOUSEHOLDS_INSIDE)}
    if (land is not None and floor is not None and land >= 0 and floor >= 0
            and "storeys" not in problems):
        # A blank number of storeys is read as one: the message says how to allow more.
        levels = storeys if storeys is not None else 1
        limit = (land * levels * FLOOR_AREA_TOLERANCE).quantize(Decimal("0.1"))
        if floor > limit:
            problems["floor_area"] = _(
                "The floor area is larger than the land area × storeys × 1.1 "
                "(%(limit)s m² here). Check the areas and the number of storeys."
            ) % {"limit": number_format(limit)}
    if data.get("status") == Status.NONE:
        # Refused rather than cleared: a ward with no headquarters has no building to
        # measure, so the figures mean the status or the figures were typed wrongly, and
        # silently dropping them would lose what the user typed.
        for field in ("land_area", "floor_area", "storeys", "year_built", "condition"):
            if data.get(field) not in (None, ""):
                problems.setdefault(field, _(
                    "A ward with no headquarters has no building: leave this blank or "
                    "choose another status."))
    return problems


def project_problems(data: dict[str, Any]) -> dict[str, str]:
    """{field: message} for an investment project; empty when it can be saved."""
    problems: dict[str, str] = {}
    stage = data.get("stage")
    approved_on = data.get("approved_on")
    expected, completed = data.get("expected_completion"), data.get("completed_on")
    for field in ("estimated_cost", "approved_cost"):
        value = data.get(field)
        if value is not None and value < 0:
            problems[field] = _("A cost cannot be negative.")
    if approved_on is not None:
        if completed is not None and completed < approved_on:
            problems["completed_on"] = _("The project cannot be completed before it was "
                                         "approved.")
        if expected is not None and expected < approved_on:
            problems["expected_completion"] = _("The expected completion cannot be before "
                                                "the approval.")
    if expected is not None and expected > LATEST_COMPLETION:
        problems.setdefault("expected_completion", _(
            "The expected completion cannot be after %(date)s.") % {
            "date": f"{LATEST_COMPLETION:%d/%m/%Y}"})
    if completed is not None and completed > timezone.localdate():
        problems.setdefault("completed_on", _("The completion date is in the future."))
    if data.get("approved_cost") is not None and stage not in APPROVED_OR_LATER and not (
        stage == Stage.CANCELLED and approved_on is not None
    ):
        problems.setdefault("approved_cost", _(
            "A project has an approved cost only once it is approved: choose the stage "
            "approved or later, or leave the approved cost blank."))
    if stage in APPROVED_OR_LATER and approved_on is None:
        problems["approved_on"] = _("Enter the date the project was approved.")
    if stage == Stage.IN_USE and completed is None:
        problems.setdefault("completed_on", _("A project in use needs its completion date."))
    return problems


def project_warnings(project: InvestmentProject) -> list[str]:
    """Things allowed but worth a second look, shown after saving."""
    if project.expected_completion and project.expected_completion > WARN_COMPLETION_AFTER:
        return [_("The expected completion is after 2035, well past the 2030 target.")]
    return []
