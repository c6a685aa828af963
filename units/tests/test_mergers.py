from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role
from accounts.permissions import Action, scope
from testing.factories import WardFactory
from units.models import OrgUnit, UnitMerger
from units.selectors import lineage, unit_by_code
from units.services import unit_merge, unit_merge_into_new

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


@pytest.fixture
def abc(world):
    """Wards A and B of Hà Nội, and C into which they merge."""
    a = WardFactory(parent=world.province, code="00001", name="Phường A")
    b = WardFactory(parent=world.province, code="00002", name="Phường B")
    c = WardFactory(parent=world.province, code="00003", name="Phường C")
    return a, b, c


def _merge(predecessors, successor, day=REFORM, **kwargs):
    return unit_merge(actor=None, predecessors=predecessors, successor=successor,
                      effective_date=day, **kwargs)


def test_it_retires_the_merged_units_the_day_before(abc):
    a, b, c = abc
    _merge([a, b], c)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.valid_to == b.valid_to == date(2025, 6, 30)


def test_it_starts_a_new_successor_on_the_effective_date(abc):
    a, b, c = abc
    _merge([a, b], c)
    c.refresh_from_db()
    assert c.valid_from == REFORM
    assert c.valid_to is None


def test_it_lets_a_successor_listed_among_the_merged_units_continue(abc):
    a, _b, c = abc
    c.valid_from = date(2020, 1, 1)
    c.save()
    _merge([a, c], c)
    c.refresh_from_db()
    assert (c.valid_from, c.valid_to) == (date(2020, 1, 1), None)


def test_it_rolls_merged_units_into_the_lineage_of_a_period_before_the_merger(abc):
    a, b, c = abc
    _merge([a, b], c)
    assert set(lineage(c, period_start=date(2025, 1, 1))) == {a, b, c}


def test_it_leaves_merged_units_out_of_a_period_after_the_merger(abc):
    a, b, c = abc
    _merge([a, b], c)
    assert set(lineage(c, period_start=date(2025, 8, 1))) == {c}


def test_it_follows_a_chain_of_mergers(abc, world):
    a, b, c = abc
    x = WardFactory(parent=world.province, code="00009", name="Phường X")
    _merge([x], a, day=date(2024, 1, 1))
    _merge([a, b], c)
    assert set(lineage(c, period_start=date(2023, 6, 1))) == {x, a, b, c}
    assert set(lineage(c, period_start=date(2024, 6, 1))) == {a, b, c}


def test_it_lets_a_ward_user_of_the_successor_see_the_merged_units(abc, world):
    a, b, c = abc
    _merge([a, b], c)
    officer = world.user(Role.WARD_OFFICER)
    officer.role_assignments.update(org_unit=c)
    visible = scope(officer, OrgUnit.objects.all(), Action.UNIT_VIEW)
    assert {a, b, c} <= set(visible)
    assert world.other_ward not in visible


def test_it_requires_at_least_one_merged_unit(abc):
    with pytest.raises(ValidationError, match="at least one"):
        _merge([], abc[2])


def test_it_rejects_a_unit_listed_twice(abc):
    a, _b, c = abc
    with pytest.raises(ValidationError, match="more than once"):
        _merge([a, a], c)


def test_it_rejects_merging_a_unit_only_into_itself(abc):
    with pytest.raises(ValidationError, match="only into itself"):
        _merge([abc[2]], abc[2])


def test_it_rejects_a_unit_that_did_not_exist_the_day_before(abc):
    a, b, c = abc
    a.valid_from = REFORM
    a.save()
    with pytest.raises(ValidationError, match="did not exist on 30/06/2025"):
        _merge([a, b], c)


def test_it_rejects_a_unit_already_merged_into_another(abc, world):
    a, b, c = abc
    _merge([a], b, day=date(2025, 3, 1))
    a.refresh_from_db()
    a.valid_to = None  # even if its dates were repaired by hand, the record stands
    a.save()
    with pytest.raises(ValidationError, match="already merged into Phường B"):
        _merge([a], c)


def test_it_rejects_units_of_another_province(abc, world):
    _a, b, c = abc
    with pytest.raises(ValidationError, match="same province"):
        _merge([b, world.far_ward], c)


def test_it_changes_nothing_when_validation_fails(abc, world):
    _a, b, c = abc
    with pytest.raises(ValidationError):
        _merge([b, world.far_ward], c)
    b.refresh_from_db()
    assert b.valid_to is None
    assert not UnitMerger.objects.exists()


def test_it_creates_a_successor_that_reuses_a_merged_units_code(abc, world):
    a, b, _c = abc
    merger = unit_merge_into_new(
        actor=None, predecessors=[a, b], code=a.code, name="Phường Mới",
        kind=OrgUnit.Kind.WARD, province=world.province, effective_date=REFORM,
    )
    assert merger.successor.code == a.code
    assert merger.successor.province == world.province
    assert unit_by_code(a.code) == merger.successor


def test_it_resolves_a_retired_code_only_when_unambiguous(abc):
    a, b, c = abc
    _merge([a, b], c)
    assert unit_by_code("00001", allow_historical=True) == a
    with pytest.raises(ValidationError, match="no longer exists"):
        unit_by_code("00001")


def _command(*args):
    out = StringIO()
    call_command("merge_units", *args, stdout=out)
    return out.getvalue()


def test_it_merges_from_the_command_line(abc):
    a, b, c = abc
    output = _command("--into", "00003", "--from", "00001", "00002", "--date", "01/07/2025",
                      "--basis", "Nghị quyết 1656/NQ-UBTVQH15")
    merger = UnitMerger.objects.get()
    assert merger.successor == c
    assert set(merger.predecessors.all()) == {a, b}
    assert merger.legal_basis == "Nghị quyết 1656/NQ-UBTVQH15"
    assert "01/07/2025" in output


def test_it_creates_the_successor_from_the_command_line(abc):
    _command("--into", "00100", "--from", "00001", "00002", "--date", "01/07/2025",
             "--new-name", "Phường Mới", "--new-kind", "ward", "--province", "01")
    successor = OrgUnit.objects.get(code="00100")
    assert (successor.name, successor.kind, successor.valid_from) == (
        "Phường Mới", OrgUnit.Kind.WARD, REFORM)


def test_it_reports_a_validation_error_from_the_command_line(abc):
    with pytest.raises(CommandError, match="only into itself"):
        _command("--into", "00003", "--from", "00003", "--date", "01/07/2025")


def test_it_rejects_a_date_not_written_dd_mm_yyyy(abc):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        _command("--into", "00003", "--from", "00001", "--date", "2025-07-01")
