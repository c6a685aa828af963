"""Lockout that an outsider cannot turn against a user: wrong passwords lock an account
from one address only, for longer each time; the chief still logs in from the office;
every failure is audited and the administrator sees the locks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import cool_off_for, user_locks
from accounts.models import Role
from audit.models import AuditEntry
from testing.clients import login
from testing.clock import hanoi
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
OUTSIDER, OFFICE = "203.0.113.7", "198.51.100.20"


def _login(client, username, password, ip):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def _attack(client, username, ip=OUTSIDER, times=5):
    for _ in range(times):
        _login(client, username, "doan-mo-mat-khau", ip)


def test_it_keeps_the_account_open_from_its_usual_address_during_an_attack(client, world):
    chief = world.user(Role.WARD_CHIEF)
    _attack(client, chief.username)
    assert _login(client, chief.username, TEST_PASSWORD, OUTSIDER).status_code == 403
    assert _login(client, chief.username, TEST_PASSWORD, OFFICE).status_code == 302


def test_it_audits_every_failed_attempt_with_its_address(client, world):
    chief = world.user(Role.WARD_CHIEF)
    _attack(client, chief.username, times=3)
    failures = AuditEntry.objects.filter(action="login_failed", username=chief.username)
    assert failures.count() == 3
    assert set(failures.values_list("ip", flat=True)) == {OUTSIDER}


def test_it_locks_longer_each_time_within_a_day(client, world, time_machine):
    time_machine.move_to(hanoi(2026, 11, 25, 10, 0))
    chief = world.user(Role.WARD_CHIEF)
    _attack(client, chief.username)
    assert cool_off_for(chief.username, OUTSIDER) == timedelta(minutes=15)
    time_machine.shift(timedelta(minutes=16))
    assert _login(client, chief.username, TEST_PASSWORD, OUTSIDER).status_code == 302
    client.logout()
    _attack(client, chief.username)
    assert cool_off_for(chief.username, OUTSIDER) == timedelta(minutes=30)
    time_machine.shift(timedelta(minutes=16))
    response = _login(client, chief.username, TEST_PASSWORD, OUTSIDER)
    assert response.status_code == 403
    assert "30 phút" in response.content.decode()
    time_machine.shift(timedelta(minutes=15))
    assert _login(client, chief.username, TEST_PASSWORD, OUTSIDER).status_code == 302


def test_it_never_locks_for_more_than_a_day(world):
    from axes.models import AccessFailureLog

    chief = world.user(Role.WARD_CHIEF)
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username=chief.username, ip_address=OUTSIDER, locked_out=True,
                         attempt_time=timezone.now(), user_agent="", path_info="/")
        for _ in range(20))
    assert cool_off_for(chief.username, OUTSIDER) == timedelta(hours=24)


def test_it_shows_the_administrator_the_locks_and_lifts_them(client, world):
    chief = world.user(Role.WARD_CHIEF)
    _attack(client, chief.username)
    locks = user_locks(chief.username)
    assert [lock.ip_address for lock in locks] == [OUTSIDER]
    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(reverse("users:detail", args=[chief.pk])).content.decode()
    assert OUTSIDER in page and "action=login_failed" in page
    assert client.post(reverse("users:unlock", args=[chief.pk])).status_code == 302
    assert user_locks(chief.username) == []
