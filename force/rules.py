"""Rules of the force's figures, as pure functions.

Specification:

- Staffing counts (leaders, degrees, certificates, officers trained in mass mobilisation,
  officers living in the ward) are parts of the headcount: none exceeds it. An average age
  lies between 18 and 65. A headcount above three times the establishment is a typo.
- The share of the force trained in a year is the officers trained in the year's courses
  (a course's attendance counts each officer once) over the year's headcount, truncated to
  two decimals and at most 100%: an officer who took two courses counts twice, so the
  city plans places per officer and a ward that trains everyone twice shows 100%, not 200%.
- A ward is behind on its training plan when it trained fewer officers than the places
  the published plan gave it in courses that have ended.
- Passed never exceeds trained.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext as _

MIN_AGE, MAX_AGE = Decimal(18), Decimal(65)
MAX_PEOPLE = 1000  # a ward police unit has tens of officers; more is a typo
STAFFING_COUNTS = ("leaders", "university", "police_training", "political_theory",
                   "foreign_language", "it_skills", "mass_mobilisation", "living_in_ward")


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage truncated to two decimals, at most 100; None if whole 0."""
    if whole <= 0:
        return None
    share = (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return min(share, Decimal(100))


def staffing_errors(values: dict[str, Any], labels: dict[str, str]) -> dict[str, str]:
    """What is wrong with a year's staffing figures, by field."""
    errors: dict[str, str] = {}
    headcount = values.get("headcount")
    establishment = values.get("establishment")
    if headcount is None:
        return errors
    for name in STAFFING_COUNTS:
        count = values.get(name)
        if count is not None and count > headcount:
            errors[name] = _("%(what)s (%(count)s) cannot be more than the headcount "
                             "(%(headcount)s).") % {"what": labels[name], "count": count,
                                                     "headcount": headcount}
    if establishment is not None and headcount > 3 * max(establishment, 1):
        errors["headcount"] = _("A headcount of %(headcount)s against an establishment of "
                                "%(establishment)s looks like a typo.") % {
            "headcount": headcount, "establishment": establishment}
    age = values.get("average_age")
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        errors["average_age"] = _("An average age lies between %(low)s and %(high)s.") % {
            "low": MIN_AGE, "high": MAX_AGE}
    return errors


def attendance_errors(trained: int, passed: int) -> dict[str, str]:
    if passed > trained:
        return {"passed": _("More officers passed (%(passed)s) than were trained "
                            "(%(trained)s).") % {"passed": passed, "trained": trained}}
    return {}
