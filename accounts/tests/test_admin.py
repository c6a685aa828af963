import pytest
from django.urls import reverse

from accounts.models import Role
from testing.clients import login

pytestmark = pytest.mark.django_db


def test_it_lets_the_administrator_open_a_user_with_its_roles(client, world):
    admin = world.user(Role.SYSADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    officer = world.user(Role.WARD_OFFICER)
    login(client, admin)
    response = client.get(reverse("admin:accounts_user_change", args=[officer.pk]))
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in response.content.decode()


def test_it_keeps_coordinators_out_of_the_django_admin(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
