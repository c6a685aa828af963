"""The system's figures in the consolidated report: each app above reports that holds
figures the city reports on (recognitions, satisfaction, headquarters, equipment, the
force, the "An toàn về ANTT" groups, indicators) registers a provider when it starts, so
reports never imports the apps it reports on. A provider returns the lines of text the
report prints for a province and period, as the given user may see them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

# (actor, province, year, day the figures are read) → lines of the report's section.
Provider = Callable[[Any, Any, int, date], list[str]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def lines(actor: Any, province: Any, year: int, day: date) -> list[str]:
    return [line for provider in _PROVIDERS for line in provider(actor, province, year, day)]
