"""What waits for a user: one list that the home page shows and the reminders send.

Each app that owns work registers a provider when it starts (`register`, from its
AppConfig.ready): a function of (user, today) returning the user's `WorkItem`s in that app
(a dossier to submit, a report due, groups to recognise, …). The home page lists them
(`items_for`), and the daily reminders notify and e-mail the ones with a deadline coming
or passed (`reminder_for`), so the page and the notices never disagree.

This module knows no app: the user is whatever the providers take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# Overdue work is reminded of once, within this many days of its deadline.
OVERDUE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class WorkItem:
    key: str  # stable and unique for the thing to do ("report-12"): notices are sent once
    text: str  # what to do, as the user reads it
    url: str  # where it is done, one click away
    due: date | None = None  # the deadline, if the programme sets one
    remind_days: int = 0  # notify this many days before `due` (0: only when overdue)
    section: str = ""  # which part of the system, for grouping on the page

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due else None

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


Provider = Callable[[Any, date], list[WorkItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items_for(user: Any, today: date) -> list[WorkItem]:
    """Everything waiting for `user`: overdue first, then by deadline, then the rest."""
    items = [item for provider in _PROVIDERS for item in provider(user, today)]
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.section, i.text))


def reminder_for(item: WorkItem, today: date) -> str | None:
    """"due" when a reminder is owed today before the deadline, "overdue" after it (within
    OVERDUE_WINDOW_DAYS), None otherwise. A notice is sent once per item and kind."""
    if item.due is None:
        return None
    if item.due < today:
        return "overdue" if today - item.due <= timedelta(days=OVERDUE_WINDOW_DAYS) else None
    if item.remind_days and today >= item.due - timedelta(days=item.remind_days):
        return "due"
    return None
