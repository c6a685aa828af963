import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import ApiToken, Role
from accounts.token_services import api_token_issue, api_token_revoke, key_digest
from audit.models import AuditEntry
from testing.api import api_call, key_for
from testing.factories import user_with_role

UNITS = "/api/v1/units/"


def test_it_issues_a_key_shown_once_and_stored_as_a_digest(world):
    admin = user_with_role(Role.SYSADMIN)
    officer = world.user(Role.WARD_OFFICER)
    token, key = api_token_issue(actor=admin, user=officer, name="Phần mềm phường",
                                 expires_on=timezone.localdate() + datetime.timedelta(days=30))
    assert key.startswith(token.prefix + "_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == key_digest(key)
    assert key not in str(stored.__dict__)
    entry = AuditEntry.objects.get(model="accounts.apitoken", object_id=str(token.pk))
    assert entry.changes["digest"][1].startswith("•")


def test_it_refuses_keys_without_expiry_in_range_or_to_an_administrator(world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    officer = world.user(Role.WARD_OFFICER)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        api_token_issue(actor=coordinator, user=officer, name=" ", expires_on=today)
    assert set(caught.value.message_dict) == {"name", "expires_on"}
    with pytest.raises(ValidationError):
        api_token_issue(actor=coordinator, user=officer, name="x",
                        expires_on=today + datetime.timedelta(days=400))
    with pytest.raises(PermissionDenied):
        api_token_issue(actor=coordinator, user=user_with_role(Role.SYSADMIN), name="x",
                        expires_on=today + datetime.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        api_token_issue(actor=officer, user=officer, name="x",
                        expires_on=today + datetime.timedelta(days=3))


def test_it_answers_401_problems_without_a_valid_key(client, world):
    officer = world.user(Role.WARD_OFFICER)
    for headers in ({}, {"Authorization": "Bearer km_nope_nope"},
                    {"Authorization": "Bearer"}, {"Authorization": "Bearer a b"},
                    {"Authorization": "Bearer kmé"}):
        response = client.get(UNITS, headers=headers)
        assert response.status_code == 401, headers
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == 401 and body["title"] and body["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert api_call(client, "GET", UNITS, key_for(officer)).status_code == 200


def test_it_stops_a_revoked_or_expired_key_or_that_of_a_disabled_account(client, world):
    admin = user_with_role(Role.SYSADMIN)
    officer = world.user(Role.WARD_OFFICER)
    token, key = api_token_issue(actor=admin, user=officer, name="x",
                                 expires_on=timezone.localdate() + datetime.timedelta(days=2))
    assert api_call(client, "GET", UNITS, key).status_code == 200
    with time_machine.travel(token.expires_at + datetime.timedelta(seconds=1)):
        assert api_call(client, "GET", UNITS, key).status_code == 401
    with time_machine.travel(token.expires_at - datetime.timedelta(seconds=1)):
        assert api_call(client, "GET", UNITS, key).status_code == 200
    api_token_revoke(actor=admin, token=token)
    assert api_call(client, "GET", UNITS, key).status_code == 401
    other = key_for(officer)
    officer.is_active = False
    officer.save()
    assert api_call(client, "GET", UNITS, other).status_code == 401


def test_it_records_when_and_from_where_a_key_was_last_used(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    api_call(client, "GET", UNITS, key, REMOTE_ADDR="10.1.2.3")
    token = ApiToken.objects.get()
    assert token.last_used_ip == "10.1.2.3"
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=5)


def test_it_keeps_a_read_only_key_from_writing(client, world, settings):
    key = key_for(world.user(Role.WARD_OFFICER), read_only=True)
    response = api_call(client, "POST", UNITS, key, data={})
    assert response.status_code == 403
    assert "chỉ được đọc" in response.json()["detail"]


def test_it_limits_each_key_to_its_rate(client, world, settings):
    settings.API_RATE = "3/minute"
    officer = world.user(Role.WARD_OFFICER)
    key, other = key_for(officer), key_for(officer)
    codes = [api_call(client, "GET", UNITS, key).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api_call(client, "GET", UNITS, key)
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert api_call(client, "GET", UNITS, other).status_code == 200


def test_it_answers_unknown_addresses_with_a_problem(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    for path in ("/api/v1/nothing/", "/api/v1/units/0/", "/api/v1/units/99999999999999999999/",
                 "/api/v2/units/"):
        response = api_call(client, "GET", path, key)
        assert response.status_code == 404, path
        assert response.json()["title"] == "Không tìm thấy"
