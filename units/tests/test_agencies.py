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


def test_it_lists_three_media_bodies_for_item_5_and_two_for_item_23(hanoi):
    agencies_load(province_code="01")
    per_item = Counter(Agency.objects.values_list("plan_item", flat=True))
    assert (per_item[5], per_item[23]) == (3, 2)
    assert set(Agency.objects.filter(plan_item=5).values_list("name", flat=True)) == {
        "Đài Phát thanh và Truyền hình Hà Nội", "Báo Hà Nội mới", "Báo Kinh tế và Đô thị"}


def test_it_has_exactly_one_lead_the_city_police(hanoi):
    agencies_load(province_code="01")
    lead = Agency.objects.get(is_lead=True)
    assert (lead.plan_item, lead.kind) == (1, Agency.Kind.POLICE)


def test_it_drops_the_requested_prefix_from_names(hanoi):
    agencies_load(province_code="01")
    assert not Agency.objects.filter(name__startswith="Đề nghị").exists()


def test_it_records_item_25_as_the_commune_level_committees(hanoi):
    agencies_load(province_code="01")
    item = Agency.objects.get(plan_item=25)
    assert item.kind == Agency.Kind.LOCAL_COMMITTEE
    assert "01/07/2025" in item.note


def test_it_changes_nothing_on_a_second_run_and_says_so(hanoi):
    _load()
    output = _load()
    assert "Nothing changed" in output
    assert Agency.objects.count() == 28


def test_it_updates_an_agency_that_already_exists(world):
    units_load(province_code="01")  # the world's Hà Nội is reused
    result = agencies_load(province_code="01")
    world.agency.refresh_from_db()
    assert world.agency.plan_item == 6
    assert (result.created, result.updated) == (26, 2)  # so-tu-phap and so-xay-dung


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
