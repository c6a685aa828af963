from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEntry
from units.models import OrgUnit
from units.services import TWO_LEVEL_START, units_load

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


def test_it_loads_hanoi_with_its_126_commune_level_units():
    _run("--province", "01")
    hanoi = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="01")
    units = OrgUnit.objects.filter(province=hanoi, kind__in=OrgUnit.COMMUNE_LEVEL)
    assert hanoi.name == "Thành phố Hà Nội"
    assert units.count() == 126
    assert units.filter(kind=OrgUnit.Kind.WARD).count() == 51
    assert units.filter(kind=OrgUnit.Kind.COMMUNE).count() == 75


def test_it_stores_zero_padded_codes_parent_and_start_date():
    units_load(province_code="01")
    hoan_kiem = OrgUnit.objects.get(code="00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.parent.code == "01"
    assert hoan_kiem.province_id == hoan_kiem.parent_id
    assert hoan_kiem.valid_from == TWO_LEVEL_START
    assert OrgUnit.objects.get(code="01").valid_from is None


@pytest.mark.slow
def test_it_loads_the_whole_country():
    result = units_load(province_code=None)
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).count() == 34
    assert OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL).count() == 3321
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.SPECIAL_ZONE).count() == 13
    assert not OrgUnit.objects.filter(
        kind__in=OrgUnit.COMMUNE_LEVEL, province__isnull=True
    ).exists()
    assert result.created == 34 + 3321


def test_it_changes_nothing_on_a_second_run_and_says_so():
    _run("--province", "01")
    entries = AuditEntry.objects.count()
    output = _run("--province", "01")
    assert "Nothing changed" in output
    assert "127" in output
    assert AuditEntry.objects.count() == entries


def test_it_writes_one_import_audit_entry_with_counts():
    units_load(province_code="01")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.changes["created"] == 127
    assert entry.changes["province"] == "01"


def test_it_renames_a_unit_whose_name_changed_in_the_package():
    units_load(province_code="01")
    OrgUnit.objects.filter(code="00070").update(name="Phường Cũ")
    result = units_load(province_code="01")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 126)
    assert OrgUnit.objects.get(code="00070").name == "Phường Hoàn Kiếm"
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).first()
    assert entry.changes["updated_units"]["00070"]["name"] == ["Phường Cũ", "Phường Hoàn Kiếm"]


def test_it_reuses_units_that_already_exist(world):
    units_load(province_code="01")
    world.ward.refresh_from_db()
    assert OrgUnit.objects.filter(code="00070", valid_to__isnull=True).count() == 1
    assert world.group.commune_id == world.ward.pk


def test_it_keeps_a_unit_merged_away_after_the_reform_retired():
    units_load(province_code="01")
    OrgUnit.objects.filter(code="00070").update(valid_to=date(2025, 12, 31))
    result = units_load(province_code="01")
    assert (result.created, result.retired) == (0, 1)
    assert OrgUnit.objects.filter(code="00070").count() == 1


def test_it_creates_the_new_unit_when_a_pre_reform_unit_had_its_code():
    OrgUnit.objects.create(kind=OrgUnit.Kind.WARD, code="00070", name="Phường Hàng Bạc (cũ)",
                           valid_to=date(2025, 6, 30))
    units_load(province_code="01")
    current = OrgUnit.objects.get(code="00070", valid_to__isnull=True)
    assert current.name == "Phường Hoàn Kiếm"


def test_it_rejects_an_unknown_province_code():
    with pytest.raises(CommandError, match="not a province code"):
        _run("--province", "03")
