"""The road-to-2030 projection on plain data, checked against cases computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from facilities.models import InvestmentProject
from facilities.projection import (
    GIVES_INDEPENDENT_HQ,
    HeadquartersState,
    Item,
    Procurement,
    Project,
    Projection,
    Ward,
    project_to_2030,
    share,
)

TODAY = date(2026, 6, 15)
A, B, C, D = (Ward(id=n, code=f"0000{n}", name=f"Phường {n}") for n in (1, 2, 3, 4))
X = Item(id=10, name="Radio", norm=2)
Y = Item(id=20, name="Camera", norm=1)


def _hand_case() -> Projection:
    return project_to_2030(
        wards=[A, B, C, D],
        today=TODAY,
        headquarters={
            # A: borrowed, then its own from 01/06/2025.
            A.id: [HeadquartersState(date(2024, 3, 1), "borrowed_city"),
                   HeadquartersState(date(2025, 6, 1), "own")],
            # B: had its own, shares premises since 01/02/2026.
            B.id: [HeadquartersState(date(2024, 1, 1), "own"),
                   HeadquartersState(date(2026, 2, 1), "shared")],
            C.id: [HeadquartersState(date(2024, 5, 1), "borrowed_committee")],
            # D: no record at all.
        },
        projects=[
            Project(B.id, "new_build", "approved", expected_completion=date(2028, 9, 30)),
            Project(C.id, "transfer", "under_construction",
                    expected_completion=date(2026, 12, 31)),
            Project(C.id, "renovation", "approved", expected_completion=date(2025, 1, 1)),
            Project(D.id, "new_build", "cancelled", expected_completion=date(2027, 1, 1)),
            Project(D.id, "new_build", "proposed"),
        ],
        norms=[X, Y],
        usable={A.id: {X.id: 2, Y.id: 1}, B.id: {X.id: 1}, C.id: {Y.id: 1}},
        procurements=[
            Procurement(B.id, X.id, year=2027, quantity=1),
            Procurement(B.id, Y.id, year=2026, quantity=1, delivered=True),
            Procurement(C.id, X.id, year=2028, quantity=2, expected_delivery=date(2029, 3, 1)),
            Procurement(D.id, Y.id, year=2030, quantity=1, expected_delivery=date(2030, 12, 31)),
        ],
    )


def test_it_projects_the_hand_computed_case_year_by_year():
    rows = _hand_case().rows
    # Headquarters, past years from the records on 31/12:
    #   2024: only B own → 1/4 = 25.0 %;  2025: A (since 06/2025) and B → 2/4 = 50.0 %.
    # From 2026, from today's record (A own; B shared; C, D not) plus projects:
    #   C's transfer due 31/12/2026 → 2026: A, C = 2 (50.0);  2027: 2 (50.0);
    #   B's new build due 30/09/2028 → 2028–2030: A, B, C = 3 (75.0). D: cancelled + undated.
    # Equipment (X norm 2, Y norm 1):
    #   A: X 2, Y 1 → always equipped.
    #   B: X 1 + 1 on 31/12/2027; Y 0 + 1 delivered → equipped from 2027.
    #   C: X 0 + 2 on 01/03/2029 (later than its plan year 2028); Y 1 → from 2029.
    #   D: X 0; Y 0 + 1 on 31/12/2030 → X still short by 2 in 2030.
    #   2026: A = 1 (25.0); 2027, 2028: A, B = 2 (50.0); 2029, 2030: A, B, C = 3 (75.0).
    assert [(r.year, r.independent, r.independent_share, r.equipped, r.equipped_share)
            for r in rows] == [
        (2024, 1, Decimal("25.0"), None, None),
        (2025, 2, Decimal("50.0"), None, None),
        (2026, 2, Decimal("50.0"), 1, Decimal("25.0")),
        (2027, 2, Decimal("50.0"), 2, Decimal("50.0")),
        (2028, 3, Decimal("75.0"), 2, Decimal("50.0")),
        (2029, 3, Decimal("75.0"), 3, Decimal("75.0")),
        (2030, 3, Decimal("75.0"), 3, Decimal("75.0")),
    ]


def test_it_marks_past_years_and_says_no_target_is_met_in_the_hand_case():
    result = _hand_case()
    assert [r.is_past for r in result.rows] == [True, True, False, False, False, False, False]
    assert not any(r.hq_target_met or r.equipment_target_met for r in result.rows)
    assert (result.hq_target_met, result.equipment_target_met) == (False, False)


def test_it_lists_the_ward_without_headquarters_by_2030_with_its_uncounted_projects():
    off = _hand_case().hq_off_track
    assert [(e.ward, e.status) for e in off] == [(D, "")]
    # The cancelled project is not listed; the undated one is, as the reason it fails.
    assert [(p.stage, p.expected_completion) for p in off[0].late_projects] == [
        ("proposed", None)
    ]


def test_it_lists_the_equipment_still_missing_in_2030():
    off = _hand_case().equipment_off_track
    assert [(e.ward, [(m.item, m.quantity) for m in e.missing]) for e in off] == [(D, [(X, 2)])]


def _one_ward(*, projects=(), procurements=(), status="borrowed_city", norm=1, usable=0):
    return project_to_2030(
        wards=[A], today=TODAY,
        headquarters={A.id: [HeadquartersState(date(2024, 1, 1), status)]},
        projects=projects, norms=[Item(id=X.id, name="Radio", norm=norm)],
        usable={A.id: {X.id: usable}}, procurements=procurements,
    )


def _hq_by_year(result: Projection) -> dict[int, int]:
    return {r.year: r.independent for r in result.rows if not r.is_past}


def _equipped_by_year(result: Projection) -> dict[int, int | None]:
    return {r.year: r.equipped for r in result.rows if not r.is_past}


def test_it_never_counts_a_cancelled_project_even_when_completed():
    result = _one_ward(projects=[Project(A.id, "new_build", "cancelled",
                                         expected_completion=date(2026, 7, 1),
                                         completed_on=date(2026, 7, 1))])
    assert set(_hq_by_year(result).values()) == {0}


def test_it_never_counts_a_project_without_expected_completion():
    result = _one_ward(projects=[Project(A.id, "transfer", "under_construction")])
    assert set(_hq_by_year(result).values()) == {0}
    assert len(result.hq_off_track) == 1


def test_it_counts_a_completed_project_from_its_completion_date():
    result = _one_ward(projects=[Project(A.id, "new_build", "in_use",
                                         expected_completion=date(2030, 1, 1),
                                         completed_on=date(2027, 5, 1))])
    assert _hq_by_year(result) == {2026: 0, 2027: 1, 2028: 1, 2029: 1, 2030: 1}


def test_it_ignores_the_forecast_of_a_project_in_use_without_completion_date():
    result = _one_ward(projects=[Project(A.id, "new_build", "in_use",
                                         expected_completion=date(2026, 7, 1))])
    assert set(_hq_by_year(result).values()) == {0}


def test_it_does_not_count_a_renovation_as_independent_headquarters():
    result = _one_ward(projects=[Project(A.id, "renovation", "approved",
                                         expected_completion=date(2026, 7, 1))])
    assert set(_hq_by_year(result).values()) == {0}


def test_it_lists_a_project_due_after_2030_as_off_track():
    late = Project(A.id, "new_build", "approved", expected_completion=date(2031, 1, 1))
    result = _one_ward(projects=[late])
    assert [e.late_projects for e in result.hq_off_track] == [(late,)]


def test_it_counts_a_delivered_plan_whatever_its_dates():
    result = _one_ward(procurements=[Procurement(A.id, X.id, year=2031, quantity=1,
                                                 expected_delivery=date(2031, 6, 1),
                                                 delivered=True)])
    assert set(_equipped_by_year(result).values()) == {1}


def test_it_counts_a_plan_delivered_after_its_year_only_from_the_delivery_year():
    result = _one_ward(procurements=[Procurement(A.id, X.id, year=2027, quantity=1,
                                                 expected_delivery=date(2028, 2, 1))])
    assert _equipped_by_year(result) == {2026: 0, 2027: 0, 2028: 1, 2029: 1, 2030: 1}


def test_it_counts_a_plan_without_delivery_date_at_the_end_of_its_year():
    result = _one_ward(procurements=[Procurement(A.id, X.id, year=2029, quantity=1)])
    assert _equipped_by_year(result) == {2026: 0, 2027: 0, 2028: 0, 2029: 1, 2030: 1}


def test_it_meets_both_targets_when_every_ward_is_on_track():
    result = _one_ward(status="own", usable=1)
    assert (result.hq_target_met, result.equipment_target_met) == (True, True)
    assert (result.hq_off_track, result.equipment_off_track) == ((), ())


def test_it_uses_today_record_not_a_future_dated_one():
    result = project_to_2030(
        wards=[A], today=TODAY,
        headquarters={A.id: [HeadquartersState(date(2027, 1, 1), "own")]},
        projects=[], norms=[], usable={}, procurements=[],
    )
    assert _hq_by_year(result)[2026] == 0


def test_it_meets_no_target_without_wards():
    result = project_to_2030(wards=[], today=TODAY, headquarters={}, projects=[], norms=[X],
                             usable={}, procurements=[])
    assert result.rows[-1].independent_share == Decimal("0.0")
    assert (result.hq_target_met, result.equipment_target_met) == (False, False)


def test_it_rounds_shares_to_one_decimal():
    assert (share(1, 3), share(2, 3), share(0, 0)) == (
        Decimal("33.3"), Decimal("66.7"), Decimal("0.0"))


def test_it_agrees_with_the_model_on_which_kinds_give_a_headquarters():
    assert frozenset(InvestmentProject.GIVES_INDEPENDENT_HQ) == GIVES_INDEPENDENT_HQ


def test_it_counts_no_ward_as_equipped_while_the_catalogue_is_empty():
    # No norms loaded means nothing to measure against: never claim the target is met.
    result = project_to_2030(wards=[A], today=TODAY, headquarters={}, projects=[], norms=[],
                             usable={}, procurements=[])
    this_year = next(row for row in result.rows if row.year == TODAY.year)
    assert (this_year.equipped, this_year.equipment_target_met) == (0, False)
