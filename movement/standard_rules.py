"""The rules of the "An toàn về an ninh, trật tự" standard, as pure functions.

Specification (Circular 124/2021/TT-BCA as the province runs it; dates and signers are data
in movement/data/standard.toml):

- A unit is assessed for a year only if it registered for that year, on or before the
  registration deadline of that year (31/03 by default), counted by Hanoi's calendar.
- A residential group that replaced registered groups during the year (a merger, a split)
  carries their registration: its lineage from 1 January of the year counts.
- A unit meets the standard when every mandatory criterion is met and its total score
  reaches the set's pass mark (the rule of every criteria set, `meets`); a criterion with
  sub-criteria is met when all of them are.
- A commune or ward's share of groups is the groups recognised for the year among the
  groups it has on the day the year is judged (31 December, or today while the year runs),
  as a percentage truncated to two decimals: 69.999% is shown 69.99% and never reaches a
  70% target by rounding.
- A unit recognised for the year is no longer assessed: its values stay as they were.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assessments.models import Criterion

DATA_DIR = Path(__file__).resolve().parent / "data"
STANDARD_FILE = DATA_DIR / "standard.toml"


@dataclass(frozen=True)
class Standard:
    deadline_day: int
    deadline_month: int
    group_signer: str
    commune_signer: str
    group_criteria_file: Path
    commune_criteria_file: Path
    model_types: tuple[tuple[str, str], ...]

    def registration_deadline(self, year: int) -> date:
        return date(year, self.deadline_month, self.deadline_day)


def parse_standard(document: dict[str, Any]) -> Standard:
    day, month = (int(part) for part in document["registration"]["deadline"].split("/"))
    date(2024, month, day)  # a leap year: refuses 30/02 and 31/04 while admitting 29/02
    return Standard(
        deadline_day=day, deadline_month=month,
        group_signer=document["recognition"]["group"],
        commune_signer=document["recognition"]["commune"],
        group_criteria_file=DATA_DIR / document["criteria"]["group"],
        commune_criteria_file=DATA_DIR / document["criteria"]["commune"],
        model_types=tuple((t["name"], t.get("description", ""))
                          for t in document.get("model_types", [])),
    )


@cache
def standard() -> Standard:
    return parse_standard(tomllib.loads(STANDARD_FILE.read_text(encoding="utf-8")))


def judgement_day(year: int, today: date) -> date:
    """The day a year's results are read: its last day, or today while it runs."""
    return min(today, date(year, 12, 31))


def share(recognised: int, total: int) -> Decimal | None:
    """Percentage of recognised groups, truncated to two decimals; None without groups."""
    if total <= 0:
        return None
    exact = Decimal(100) * recognised / total
    return exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def meets(criteria: list[Criterion], values: dict[int, str], pass_score: Decimal
          ) -> bool | None:
    """Whether the values meet the set (None while a criterion has no value)."""
    children: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.parent_id:
            children.setdefault(criterion.parent_id, []).append(criterion)
    met: dict[int, bool | None] = {}
    scores: dict[int, Decimal] = {}
    for criterion in criteria:
        if criterion.pk in children:
            continue
        judgement = criterion.evaluate(values.get(criterion.pk))
        met[criterion.pk], scores[criterion.pk] = judgement.met, judgement.score
    for criterion in criteria:
        kids = children.get(criterion.pk)
        if kids:
            judged = [met[k.pk] for k in kids]
            met[criterion.pk] = None if any(m is None for m in judged) else all(judged)
            scores[criterion.pk] = sum((scores[k.pk] for k in kids), Decimal(0))
    if any(m is None for m in met.values()):
        return None
    mandatory_met = all(met[c.pk] for c in criteria if c.mandatory)
    total = sum((scores[c.pk] for c in criteria if c.parent_id is None), Decimal(0))
    return mandatory_met and total >= pass_score
