from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Role
from testing.clients import login
from units.models import Agency
from units.services import agencies_load, units_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanoi():
    units_load(province_code="01")


def _load() -> str:
    out = StringIO()
    call_command("load_agencies", "--province", "01", stdout=out)
    return out.getvalue()


def test_it_lists_every_item_of_section_iv(hanoi):
    agencies_load(province_code="01")
    items = set(Agency.objects.values_list("plan_item", flat=True))
    assert items == set(range(1, 26))


def test_it_lists_the_plans_three_media_bodies_for_item_5_and_two_for_item_23(hanoi):
    agencies_load(province_code="01")
    per_item = Counter(Agency.objects.filter(valid_from__isnull=True)
                       .values_list("plan_item", flat=True))
    assert (per_item[5], per_item[23]) == (3, 2)
    assert set(Agency.objects.filter(plan_item=5, valid_from__isnull=True)
               .values_list("name", flat=True)) == {
        "Đài Phát thanh và Truyền hình Hà Nội", "Báo Hà Nội mới", "Báo Kinh tế và Đô thị"}


def test_it_records_the_2026_press_merger_as_lineage(hanoi):
    from datetime import date

    from units.models import AgencyMerger

    agencies_load(province_code="01")
    merger = AgencyMerger.objects.get(successor__code="bao-phat-thanh-truyen-hinh-ha-noi")
    assert merger.effective_date == date(2026, 1, 30)
    assert set(merger.predecessors.values_list("code", flat=True)) == {
        "dai-phat-thanh-truyen-hinh-ha-noi", "bao-ha-noi-moi", "bao-kinh-te-do-thi"}
    old = Agency.objects.get(code="bao-ha-noi-moi")
    assert old.valid_to == date(2026, 1, 29)
    assert old.is_valid_on(date(2026, 1, 29)) and not old.is_valid_on(date(2026, 1, 30))
    # A body that continues (Finance absorbing Planning and Investment) stays current.
    assert Agency.objects.get(code="so-tai-chinh").valid_to is None
    assert Agency.objects.get(code="so-ke-hoach-dau-tu").valid_to == date(2025, 2, 28)


def test_it_has_exactly_one_lead_the_city_police(hanoi):
    agencies_load(province_code="01")
    lead = Agency.objects.get(is_lead=True)
    assert (lead.plan_item, lead.kind) == (1, Agency.Kind.POLICE)


def test_it_drops_the_requested_prefix_from_names(hanoi):
    agencies_load(province_code="01")
    assert not Agency.objects.filter(name__startswith="Đề nghị").exists()


def test_it_records_item_25_as_the_commune_level_committees(hanoi):
    agencies_load(province_code="01")
    item = Agency.objects.get(plan_item=25, org_unit__isnull=True)
    assert item.kind == Agency.Kind.LOCAL_COMMITTEE
    assert "01/07/2025" in item.note
    # …and each of Hanoi's 126 commune-level People's Committees is a body of its own.
    committees = Agency.objects.filter(kind=Agency.Kind.LOCAL_COMMITTEE,
                                       org_unit__isnull=False)
    assert committees.count() == 126
    assert committees.get(org_unit__code="00070").name == "Ủy ban nhân dân Phường Hoàn Kiếm"


def test_it_changes_nothing_on_a_second_run_and_says_so(hanoi):
    _load()
    output = _load()
    assert "Nothing changed" in output
    assert Agency.objects.count() == 28 + 5 + 126  # the plan's, the successors, the wards'
    from units.models import AgencyMerger

    assert AgencyMerger.objects.count() == 7


def test_it_updates_an_agency_that_already_exists(world):
    units_load(province_code="01")  # the world's Hà Nội is reused
    result = agencies_load(province_code="01")
    world.agency.refresh_from_db()
    assert world.agency.plan_item == 6
    # so-tu-phap and so-xay-dung updated; the rest of the file and 126 wards' committees new
    assert (result.created, result.updated) == (26 + 5 + 126, 2)


def test_it_refuses_to_load_before_the_province_exists():
    with pytest.raises(CommandError, match="load_units --province 01"):
        _load()


def test_it_refuses_a_province_without_a_data_file():
    units_load(province_code="79")
    with pytest.raises(CommandError, match="no agency list"):
        call_command("load_agencies", "--province", "79", stdout=StringIO())


def test_it_shows_the_loaded_agencies_on_the_agencies_page(client, world):
    units_load(province_code="01")
    agencies_load(province_code="01")
    login(client, world.user(Role.CITY_LEADER))
    body = client.get(reverse("agencies:list")).content.decode()
    assert "Báo Kinh tế và Đô thị" in body


def test_it_refuses_a_code_longer_than_the_database_keeps(tmp_path):
    from django.core.exceptions import ValidationError

    from units.services import _agency_rows

    path = tmp_path / "agencies_01.toml"
    path.write_text('[[agency]]\ncode = "' + "a" * 41 + '"\nname = "X"\nkind = "other"\n'
                    "plan_item = 1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="a" * 41):
        _agency_rows(path)
