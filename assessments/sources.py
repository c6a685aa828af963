"""Where a computed criterion takes its value: one reader per source, registered by the app
that owns the figures.

A criterion says in the criteria set (data, kept by the XLSX round trip) which part of the
system holds its value (`Criterion.value_source`) and which figure (`source_key`): an
indicator code, "headquarters-own", .... The owning app registers a reader for its source
when it starts (`register`, called from its AppConfig.ready), so this app never imports
indicators or facilities, which themselves read dossiers.

A reader answers for one ward and year with a `Reading` (the value in the criterion's
canonical form and a note saying what was read: figure, period), or with a sentence saying
why the figure is not there yet (`Missing`). A source without a reader (lower-level
results until the residential groups are assessed in the system) is not computed: the ward
enters the value, and the dossier says the system does not hold that figure yet.

The residents' satisfaction is not read here: the Front attaches its summary to the
dossier (`procedure_services.assessment_opinions_attach`), the only way that value is set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from units.models import OrgUnit


@dataclass(frozen=True)
class Reading:
    value: str  # canonical text, as assessments.services.parse_value would store it
    note: str  # what was read, for the dossier and its DOCX, in Vietnamese


@dataclass(frozen=True)
class Missing:
    reason: str  # why the figure is not there yet, and who enters it


Reader = Callable[["OrgUnit", int, str], Reading | Missing]
# Another app's first use of a criteria set that freezes it: (what used it, year, when).
# (Typed Any: assessments.models imports this module, so it cannot name CriteriaSet.)
UseReader = Callable[[Any], "tuple[str, int, datetime] | None"]
_USES: list[UseReader] = []
_READERS: dict[str, Reader] = {}


def register(source: str, reader: Reader) -> None:
    _READERS[source] = reader


def reads(source: str) -> bool:
    """Whether the system computes values of this source (it has a reader for it)."""
    return source in _READERS


def read(source: str, ward: OrgUnit, year: int, key: str) -> Reading | Missing:
    return _READERS[source](ward, year, key)


def register_use(reader: UseReader) -> None:
    """Sets used by another app (the "An toàn về ANTT" assessments) are frozen like those a
    submitted dossier used; that app says here which use froze a set."""
    if reader not in _USES:
        _USES.append(reader)


def first_use(criteria_set: Any) -> tuple[str, int, datetime] | None:
    for reader in _USES:
        found = reader(criteria_set)
        if found is not None:
            return found
    return None
