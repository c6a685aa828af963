"""How a deadline reads on a page: its date and the days left, in Vietnamese.

Each deadline rule lives with the thing it governs (`consultations.models.
consultation_deadline`, `assessments.models.Assessment.submission_due`,
`reports.models.ReportingPeriod.due_date`); this module only says how far `today` is from
one, so every page words it the same way. "Today" is always the calendar day in the
installation's time zone (Asia/Ho_Chi_Minh): `timezone.localdate()`, never the server's
UTC date, so 17:30 UTC on 31 December is already 1 January.

A deadline here is the last day on which the thing may still be done: on that day
`days_left` is 0 and the page says "hôm nay là hạn cuối"; from the next day it has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class DeadlineStatus:
    due: date
    days_left: int  # negative once the deadline has passed

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def is_today(self) -> bool:
        return self.days_left == 0

    @property
    def soon(self) -> bool:
        """Within a week: pages mark it so that it is not missed."""
        return 0 <= self.days_left <= 7

    @property
    def due_text(self) -> str:
        return formats.date_format(self.due, "SHORT_DATE_FORMAT")

    @property
    def left_text(self) -> str:
        if self.passed:
            # Not counted: a past round's deadline is history, not a debt; pages that
            # track something owed (overdue reports) count it themselves.
            return _("the deadline has passed")
        if self.is_today:
            return _("today is the last day")
        return ngettext("%(days)s day left", "%(days)s days left", self.days_left) % {
            "days": self.days_left}

    def __str__(self) -> str:
        return f"{self.due_text} ({self.left_text})"


def deadline_status(due: date, today: date) -> DeadlineStatus:
    return DeadlineStatus(due=due, days_left=(due - today).days)


EXTENSION_REASON_MAX = 1000


def extension_problems(*, reason: str, new_day: date, current_day: date, today: date,
                       field: str) -> dict[str, str]:
    """{field: message} for moving a deadline from `current_day` to `new_day`: the one rule
    for every extension (a reason, and a later day that has not passed)."""
    problems: dict[str, str] = {}
    if not reason:
        problems["reason"] = _("Say why the deadline is extended.")
    elif len(reason) > EXTENSION_REASON_MAX:
        problems["reason"] = _("Keep the reason under %(n)s characters.") % {
            "n": EXTENSION_REASON_MAX}
    if new_day <= current_day:
        problems[field] = _("The new date must be after the current one, %(day)s.") % {
            "day": formats.date_format(current_day, "SHORT_DATE_FORMAT")}
    elif new_day < today:
        problems[field] = _("The new date is in the past.")
    return problems
