"""The pages where an administrator issues and revokes a user's API keys."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, Role, RoleAssignment
from accounts.token_services import MAX_DAYS, api_token_issue, api_token_revoke, key_digest
from testing.clients import login
from testing.factories import user_with_role

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units/"


@pytest.fixture
def coordinator_client(client, world):
    client.coordinator = world.user(Role.CITY_COORDINATOR)
    login(client, client.coordinator)
    return client


@pytest.fixture
def officer(world):
    return user_with_role(Role.WARD_OFFICER, org_unit=world.ward, username="can.bo.phuong")


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _issue(client, user, **overrides):
    data = {"name": "Phần mềm báo cáo", "expires_on": _day(30)}
    data.update(overrides)
    return client.post(reverse("users:api_key_issue", args=[user.pk]), data)


def _detail(client, user):
    return client.get(reverse("users:detail", args=[user.pk]))


def test_it_issues_a_key_and_shows_it_once(coordinator_client, officer):
    page = _detail(coordinator_client, officer)
    assert 'id="api-keys"' in page.content.decode()
    assert page.context["key_form"]["expires_on"].initial == (
        timezone.localdate() + datetime.timedelta(days=180))

    response = _issue(coordinator_client, officer, read_only="on")
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/api_key_issued.html"
    key = response.context["key"]
    body = response.content.decode()
    assert body.count(key) == 2  # the key box and the curl example
    assert f'Authorization: Bearer {key}" http://testserver/api/v1/units/' in body
    assert 'href="/api/v1/docs/"' in body
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=officer)
    assert token.digest == key_digest(key)
    assert (token.name, token.read_only, token.created_by) == (
        "Phần mềm báo cáo", True, coordinator_client.coordinator)
    assert timezone.localtime(token.expires_at).date() == (
        timezone.localdate() + datetime.timedelta(days=31))
    assert key not in str(dict(coordinator_client.session))

    again = _detail(coordinator_client, officer).content.decode()
    assert key not in again
    assert f"{token.prefix}…" in again


def test_it_lets_the_key_call_the_api_until_it_is_revoked(coordinator_client, officer):
    key = _issue(coordinator_client, officer).context["key"]
    token = ApiToken.objects.get(user=officer)
    system = Client()
    bearer = {"Authorization": f"Bearer {key}"}
    assert system.get(UNITS, headers=bearer).status_code == 200

    response = coordinator_client.post(
        reverse("users:api_key_revoke", args=[officer.pk, token.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("users:detail", args=[officer.pk]) + "#api-keys"
    token.refresh_from_db()
    assert token.revoked_by == coordinator_client.coordinator
    assert system.get(UNITS, headers=bearer).status_code == 401


def test_it_revokes_through_htmx_with_a_confirmation(coordinator_client, officer):
    _issue(coordinator_client, officer)
    token = ApiToken.objects.get(user=officer)
    page = _detail(coordinator_client, officer).content.decode()
    revoke = reverse("users:api_key_revoke", args=[officer.pk, token.pk])
    assert f'hx-post="{revoke}"' in page
    assert "hx-confirm=" in page
    assert 'hx-target="#api-key-table"' in page
    response = coordinator_client.post(revoke, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="api-key-table">')
    assert f'id="api-key-{token.pk}" data-state="revoked"' in body
    assert 'role="status"' in body
    assert revoke not in body
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_it_does_not_issue_a_second_key_when_the_page_is_posted_again(coordinator_client,
                                                                      officer):
    once = _detail(coordinator_client, officer).context["key_form"]["once"].initial
    assert _issue(coordinator_client, officer, once=once).status_code == 200
    again = _issue(coordinator_client, officer, once=once)
    assert again.status_code == 302
    assert ApiToken.objects.filter(user=officer).count() == 1
    # Another form (another mark) issues another key.
    assert _issue(coordinator_client, officer, once="another").status_code == 200
    assert ApiToken.objects.filter(user=officer).count() == 2


def test_it_forbids_a_ward_officer_to_issue_or_revoke(client, world, officer):
    colleague = world.user(Role.WARD_OFFICER)
    token, _key = api_token_issue(actor=user_with_role(Role.SYSADMIN), user=colleague,
                                  name="x", expires_on=timezone.localdate()
                                  + datetime.timedelta(days=5))
    login(client, officer)
    assert _issue(client, colleague).status_code == 403
    assert _issue(client, officer).status_code == 403
    assert client.post(reverse("users:api_key_revoke",
                               args=[colleague.pk, token.pk])).status_code == 403
    assert ApiToken.objects.count() == 1
    assert ApiToken.objects.get().revoked_at is None


def test_it_hides_the_keys_from_who_may_only_see_the_user(client, world, officer):
    login(client, world.user(Role.CITY_LEADER))
    page = _detail(client, officer)
    assert page.status_code == 200
    assert 'id="api-keys"' not in page.content.decode()
    assert _issue(client, officer).status_code == 403
    assert not ApiToken.objects.exists()


def test_it_does_not_let_a_coordinator_issue_a_key_to_an_administrator(coordinator_client,
                                                                        world):
    admin = user_with_role(Role.SYSADMIN)
    # Also an officer of the coordinator's ward: the coordinator sees and manages him.
    RoleAssignment.objects.create(user=admin, role=Role.WARD_OFFICER, org_unit=world.ward)
    response = _issue(coordinator_client, admin)
    assert response.status_code == 200
    assert response.context["key_form"].non_field_errors()
    assert not ApiToken.objects.exists()

    sysadmin_client = Client()
    login(sysadmin_client, user_with_role(Role.SYSADMIN))
    assert _issue(sysadmin_client, admin).status_code == 200
    assert ApiToken.objects.filter(user=admin).count() == 1


def test_it_answers_404_for_a_user_out_of_scope(coordinator_client, world):
    stranger = user_with_role(Role.WARD_OFFICER, org_unit=world.far_ward)
    assert _issue(coordinator_client, stranger).status_code == 404
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": "   "}, "name"),
    # Days from today, counted when the test runs (on the suite's clock).
    ({"expires_on": 0}, "expires_on"),
    ({"expires_on": -3}, "expires_on"),
    ({"expires_on": MAX_DAYS + 1}, "expires_on"),
    ({"expires_on": "31/02/2027"}, "expires_on"),
    ({"expires_on": "ngày mai"}, "expires_on"),
    ({"expires_on": ""}, "expires_on"),
])
def test_it_shows_bad_input_on_the_form_and_saves_nothing(coordinator_client, officer,
                                                          overrides, field):
    data = {"name": "Phần mềm báo cáo", "expires_on": _day(30), "read_only": "on"}
    data.update(overrides)
    if isinstance(data["expires_on"], int):
        data["expires_on"] = _day(data["expires_on"])
    response = _issue(coordinator_client, officer, **data)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/user_detail.html"
    form = response.context["key_form"]
    assert list(form.errors) == [field]
    body = response.content.decode()
    assert 'id="field-' + field + '"' in body
    if field != "name":
        assert 'value="Phần mềm báo cáo"' in body
    if data["expires_on"].strip():
        assert f'value="{data["expires_on"]}"' in body
    assert re.search(r'<input type="checkbox" name="read_only"[^>]* checked>', body)
    # The role form beside it is not bound to what was posted.
    assert not response.context["form"].is_bound
    assert not ApiToken.objects.exists()


def test_it_lists_active_expired_and_revoked_keys(coordinator_client, officer, time_machine):
    admin = user_with_role(Role.SYSADMIN)
    today = timezone.localdate()
    short, _ = api_token_issue(actor=admin, user=officer, name="Ngắn hạn",
                               expires_on=today + datetime.timedelta(days=2))
    long, _ = api_token_issue(actor=admin, user=officer, name="Dài hạn",
                              expires_on=today + datetime.timedelta(days=100))
    gone, _ = api_token_issue(actor=admin, user=officer, name="Đã bỏ",
                              expires_on=today + datetime.timedelta(days=100))
    api_token_revoke(actor=admin, token=gone)
    ApiToken.objects.filter(pk=long.pk).update(last_used_at=timezone.now(),
                                               last_used_ip="203.0.113.7")

    page = _detail(coordinator_client, officer)
    assert {r["token"].name: r["state"] for r in page.context["api_keys"]} == {
        "Ngắn hạn": "active", "Dài hạn": "active", "Đã bỏ": "revoked"}

    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))
    login(coordinator_client, coordinator_client.coordinator)  # the session timed out
    page = _detail(coordinator_client, officer)
    states = {r["token"].name: r["state"] for r in page.context["api_keys"]}
    assert states == {"Ngắn hạn": "expired", "Dài hạn": "active", "Đã bỏ": "revoked"}
    body = page.content.decode()
    for token, state in ((short, "expired"), (long, "active"), (gone, "revoked")):
        assert f'id="api-key-{token.pk}" data-state="{state}"' in body
    assert "203.0.113.7" in body
    # Only the usable key can be revoked.
    assert reverse("users:api_key_revoke", args=[officer.pk, long.pk]) in body
    assert reverse("users:api_key_revoke", args=[officer.pk, short.pk]) not in body
    assert reverse("users:api_key_revoke", args=[officer.pk, gone.pk]) not in body
