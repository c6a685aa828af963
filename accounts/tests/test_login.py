import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_logs_in_a_ward_officer_and_audits_it(client, world):
    officer = world.user(Role.WARD_OFFICER)
    response = _login(client, officer.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", user=officer).exists()


def test_it_explains_a_wrong_password_in_vietnamese(client, world):
    officer = world.user(Role.WARD_OFFICER)
    response = _login(client, officer.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert AuditEntry.objects.filter(action="login_failed", username=officer.username).exists()


def test_it_locks_the_account_after_five_failures(client, world):
    officer = world.user(Role.WARD_OFFICER)
    for _ in range(5):
        _login(client, officer.username, "sai-mat-khau")
    response = _login(client, officer.username, TEST_PASSWORD)
    assert response.status_code == 403
    assert "bị khóa trong 15 phút" in response.content.decode()


def test_it_does_not_lock_other_accounts_from_the_same_office(client, world):
    officer = world.user(Role.WARD_OFFICER)
    colleague = world.user(Role.WARD_CHIEF)
    for _ in range(5):
        _login(client, officer.username, "sai-mat-khau")
    assert _login(client, colleague.username, TEST_PASSWORD).status_code == 302


def test_it_unlocks_after_the_cool_off(client, world, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    officer = world.user(Role.WARD_OFFICER)
    for _ in range(5):
        _login(client, officer.username, "sai-mat-khau")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - timedelta(minutes=16))
    assert _login(client, officer.username, TEST_PASSWORD).status_code == 302


def test_it_logs_out_only_by_post(client, world):
    officer = world.user(Role.WARD_OFFICER)
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert AuditEntry.objects.filter(action="logout", user=officer).exists()
