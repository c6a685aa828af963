"""The road to 2030: will every ward police unit have its own headquarters and full equipment?

Plain functions over plain data (no request, no ORM), so the rules can be tested by hand.
`facilities.roadmap_selectors.projection_for` gathers the data from the database.

Rules
-----
Independent headquarters in year Y (Y from the current year on):
  - the ward's current record (the latest on or before today) has status "own"; or
  - it has a project of a kind in ``InvestmentProject.GIVES_INDEPENDENT_HQ`` (new build,
    transfer) that is not cancelled and whose completion date is on or before 31/12/Y.
    The completion date is ``completed_on`` when set; otherwise, for a project not yet in
    use, ``expected_completion``. A project with neither never counts: nobody can say
    when it will deliver.

Equipped to norm in year Y (Y from the current year on): for every catalogue item,
  usable now + the quantities of the ward's procurement plans that are delivered, or
  expected by 31/12/Y (``expected_delivery``, or else 31/12 of the plan's year), is at
  least the item's norm. Without a catalogue no ward counts as equipped: nothing says
  what the norm is (the same rule as the ward's own page, equipment_selectors.is_equipped).

Past years (from 2024 to last year): the share with independent headquarters is the
situation on 31/12 of that year according to the dated records; projects do not count
there. Equipment history is not kept, so past years show no equipment share.

A target is met in a year when every ward reaches it (and there is at least one ward).

Off track for 2030:
  - headquarters: not independent in 2030 by the rule above (no "own" record and no
    project that will give one by then);
  - equipment: a gap remains in 2030; the missing items and quantities are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FIRST_YEAR = 2024
LAST_YEAR = 2030

OWN = "own"
CANCELLED = "cancelled"
IN_USE = "in_use"
# Mirrors InvestmentProject.GIVES_INDEPENDENT_HQ; kept here so the rules need no Django.
GIVES_INDEPENDENT_HQ = frozenset({"new_build", "transfer"})


@dataclass(frozen=True)
class Ward:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class HeadquartersState:
    """One dated headquarters record, reduced to what the projection needs."""

    valid_from: date
    status: str


@dataclass(frozen=True)
class Project:
    ward_id: int
    kind: str
    stage: str
    title: str = ""
    expected_completion: date | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    norm: int
    unit_of_measure: str = ""


@dataclass(frozen=True)
class Procurement:
    ward_id: int
    item_id: int
    year: int
    quantity: int
    expected_delivery: date | None = None
    delivered: bool = False


@dataclass(frozen=True)
class YearRow:
    year: int
    is_past: bool
    wards: int
    independent: int
    independent_share: Decimal
    hq_target_met: bool
    # None for past years: equipment history is not kept.
    equipped: int | None
    equipped_share: Decimal | None
    equipment_target_met: bool | None


@dataclass(frozen=True)
class Missing:
    item: Item
    quantity: int


@dataclass(frozen=True)
class HeadquartersOffTrack:
    ward: Ward
    status: str  # the current status, "" when the ward has no record
    # Projects that would give a headquarters but do not count by 2030 (too late or no date).
    late_projects: tuple[Project, ...] = ()


@dataclass(frozen=True)
class EquipmentOffTrack:
    ward: Ward
    missing: tuple[Missing, ...]


@dataclass(frozen=True)
class Projection:
    today: date
    last_year: int
    rows: tuple[YearRow, ...]
    hq_off_track: tuple[HeadquartersOffTrack, ...] = field(default=())
    equipment_off_track: tuple[EquipmentOffTrack, ...] = field(default=())

    @property
    def final(self) -> YearRow | None:
        return self.rows[-1] if self.rows and self.rows[-1].year == self.last_year else None

    @property
    def hq_target_met(self) -> bool:
        return bool(self.final and self.final.hq_target_met)

    @property
    def equipment_target_met(self) -> bool:
        return bool(self.final and self.final.equipment_target_met)


def share(count: int, total: int) -> Decimal:
    """Percentage with one decimal; 0 when there is nothing to count."""
    if total == 0:
        return Decimal("0.0")
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def status_on(records: Iterable[HeadquartersState], day: date) -> str:
    """The status of the latest record on or before `day`, "" when there is none."""
    latest: HeadquartersState | None = None
    for record in records:
        if record.valid_from <= day and (latest is None or record.valid_from > latest.valid_from):
            latest = record
    return latest.status if latest else ""


def project_delivers_on(project: Project) -> date | None:
    """The date a project leaves the ward with its own headquarters, or None if it never does.

    A project already in use without a completion date has no date left to trust: its
    expected completion was a forecast, so it counts only through the ward's record.
    """
    if project.kind not in GIVES_INDEPENDENT_HQ or project.stage == CANCELLED:
        return None
    if project.completed_on is not None:
        return project.completed_on
    if project.stage == IN_USE:
        return None
    return project.expected_completion


def _received_by(plan: Procurement, day: date) -> bool:
    if plan.delivered:
        return True
    expected = plan.expected_delivery or date(plan.year, 12, 31)
    return expected <= day


def missing_items(*, norms: Sequence[Item], usable: Mapping[int, int],
                  plans: Iterable[Procurement], day: date) -> tuple[Missing, ...]:
    """What one ward still lacks on `day`, counting plans received by then."""
    expected: dict[int, int] = {}
    for plan in plans:
        if _received_by(plan, day):
            expected[plan.item_id] = expected.get(plan.item_id, 0) + plan.quantity
    return tuple(
        Missing(item=item, quantity=gap)
        for item in norms
        if (gap := item.norm - usable.get(item.id, 0) - expected.get(item.id, 0)) > 0
    )


def project_to_2030(
    *,
    wards: Sequence[Ward],
    today: date,
    headquarters: Mapping[int, Sequence[HeadquartersState]],
    projects: Iterable[Project],
    norms: Sequence[Item],
    usable: Mapping[int, Mapping[int, int]],
    procurements: Iterable[Procurement],
    last_year: int = LAST_YEAR,
) -> Projection:
    """Per-year shares from 2024 to `last_year` and the wards off track (see module doc)."""
    projects_by_ward: dict[int, list[Project]] = {}
    for project in projects:
        projects_by_ward.setdefault(project.ward_id, []).append(project)
    plans_by_ward: dict[int, list[Procurement]] = {}
    for plan in procurements:
        plans_by_ward.setdefault(plan.ward_id, []).append(plan)

    def independent_by(ward: Ward, day: date) -> bool:
        if status_on(headquarters.get(ward.id, ()), today) == OWN:
            return True
        return any(
            (delivers := project_delivers_on(project)) is not None and delivers <= day
            for project in projects_by_ward.get(ward.id, ())
        )

    def gaps_by(ward: Ward, day: date) -> tuple[Missing, ...]:
        return missing_items(norms=norms, usable=usable.get(ward.id, {}),
                             plans=plans_by_ward.get(ward.id, ()), day=day)

    total = len(wards)
    rows: list[YearRow] = []
    for year in range(FIRST_YEAR, min(today.year - 1, last_year) + 1):
        end = date(year, 12, 31)
        independent = sum(status_on(headquarters.get(w.id, ()), end) == OWN for w in wards)
        rows.append(YearRow(
            year=year, is_past=True, wards=total, independent=independent,
            independent_share=share(independent, total),
            hq_target_met=total > 0 and independent == total,
            equipped=None, equipped_share=None, equipment_target_met=None,
        ))
    for year in range(max(today.year, FIRST_YEAR), last_year + 1):
        end = date(year, 12, 31)
        independent = sum(independent_by(w, end) for w in wards)
        equipped = sum(bool(norms) and not gaps_by(w, end) for w in wards)
        rows.append(YearRow(
            year=year, is_past=False, wards=total, independent=independent,
            independent_share=share(independent, total),
            hq_target_met=total > 0 and independent == total,
            equipped=equipped, equipped_share=share(equipped, total),
            equipment_target_met=total > 0 and equipped == total,
        ))

    deadline = date(last_year, 12, 31)
    hq_off_track = tuple(
        HeadquartersOffTrack(
            ward=w,
            status=status_on(headquarters.get(w.id, ()), today),
            late_projects=tuple(
                p for p in projects_by_ward.get(w.id, ())
                if p.kind in GIVES_INDEPENDENT_HQ and p.stage != CANCELLED
            ),
        )
        for w in wards if not independent_by(w, deadline)
    )
    equipment_off_track = tuple(
        EquipmentOffTrack(ward=w, missing=missing)
        for w in wards if (missing := gaps_by(w, deadline))
    )
    return Projection(today=today, last_year=last_year, rows=tuple(rows),
                      hq_off_track=hq_off_track, equipment_off_track=equipment_off_track)
