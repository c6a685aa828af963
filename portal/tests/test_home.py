import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_ward_officer_their_ward(client, world):
    officer = world.user(Role.WARD_OFFICER)
    client.force_login(officer)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in response.content.decode()
    assert 'data-role="ward_officer"' in response.content.decode()


def test_it_hides_city_navigation_from_a_ward_officer(client, world):
    client.force_login(world.user(Role.WARD_OFFICER))
    body = client.get(reverse("portal:home")).content.decode()
    assert reverse("units:list") in body
    assert reverse("users:list") not in body
    assert reverse("audit:list") not in body


def test_it_links_a_ward_officer_to_the_wards_dossier(client, world):
    from testing.factories import assessment_for

    dossier = assessment_for(world.ward)
    client.force_login(world.user(Role.WARD_OFFICER))
    body = client.get(reverse("portal:home")).content.decode()
    assert reverse("assessments:detail", args=[dossier.pk]) in body
