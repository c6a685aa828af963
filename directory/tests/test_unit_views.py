import pytest
from django.urls import reverse

from accounts.models import Role
from testing.clients import login

pytestmark = pytest.mark.django_db


def test_it_shows_a_ward_officer_their_own_ward(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("units:detail", args=[world.ward.code]))
    assert response.status_code == 200
    assert world.group.name in response.content.decode()


def test_it_answers_404_for_another_wards_page_and_leaks_nothing(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("units:detail", args=[world.other_ward.code]))
    assert response.status_code == 404
    assert world.other_group.name not in response.content.decode()


def test_it_lists_only_the_officers_own_ward(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    body = client.get(reverse("units:list")).content.decode()
    assert world.ward.name in body
    assert world.other_ward.name not in body


def test_it_lists_the_whole_province_for_the_city_leader(client, world):
    login(client, world.user(Role.CITY_LEADER))
    body = client.get(reverse("units:list")).content.decode()
    assert world.ward.name in body and world.other_ward.name in body
    assert world.far_ward.name not in body


def test_it_keeps_the_unit_list_query_count_flat(client, world, django_assert_num_queries):
    from testing.factories import WardFactory

    WardFactory.create_batch(60, parent=world.province)
    login(client, world.user(Role.CITY_LEADER))
    with django_assert_num_queries(10):
        assert client.get(reverse("units:list")).status_code == 200
