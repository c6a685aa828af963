import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.middleware import SESSION_STARTED_KEY
from accounts.models import Role
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_expires_idle_sessions_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_it_ends_a_session_twelve_hours_after_login(client, world):
    client.force_login(world.user(Role.WARD_OFFICER))
    assert client.get(reverse("portal:home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302


def test_it_ends_other_sessions_when_the_password_changes(client, world):
    from django.test import Client

    officer = world.user(Role.WARD_OFFICER)
    other = Client()
    other.force_login(officer)
    client.force_login(officer)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD,
        "new_password1": "một-mật-khẩu-mới-rất-dài",
        "new_password2": "một-mật-khẩu-mới-rất-dài",
    })
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert other.get(reverse("portal:home")).status_code == 302


def test_it_refuses_a_short_password(client, world):
    officer = world.user(Role.WARD_OFFICER)
    client.force_login(officer)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": "ngan-qua1", "new_password2": "ngan-qua1",
    })
    assert response.status_code == 200
    assert "12" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)


def test_it_ends_sessions_of_a_deactivated_account(client, world):
    from accounts.services import user_set_active

    officer = world.user(Role.WARD_OFFICER)
    client.force_login(officer)
    coordinator = world.user(Role.CITY_COORDINATOR)
    user_set_active(actor=coordinator, user=get_user_model().objects.get(pk=officer.pk),
                    active=False)
    assert client.get(reverse("portal:home")).status_code == 302
