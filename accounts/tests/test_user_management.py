import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from audit.models import AuditEntry
from testing.clients import login
from testing.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, world):
    client.coordinator = world.user(Role.CITY_COORDINATOR)
    login(client, client.coordinator)
    return client


def _new_user(**overrides):
    data = {
        "username": "can.bo.moi", "full_name": "Trần Thị Mới", "position": "Cán bộ",
        "email": "", "password": "mật-khẩu-ban-đầu-đủ-dài", "role": Role.WARD_OFFICER,
        "org_unit": "", "agency": "",
    }
    data.update(overrides)
    return data


def test_it_creates_a_ward_officer_in_the_coordinators_province(coordinator_client, world):
    response = coordinator_client.post(reverse("users:create"), _new_user(org_unit=world.ward.pk))
    assert response.status_code == 302
    user = User.objects.get(username="can.bo.moi")
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.org_unit) == (Role.WARD_OFFICER, world.ward)
    assert assignment.granted_by == coordinator_client.coordinator
    assert AuditEntry.objects.filter(model="accounts.roleassignment", action="create").exists()


def test_it_refuses_a_ward_outside_the_coordinators_province(coordinator_client, world):
    response = coordinator_client.post(reverse("users:create"),
                                       _new_user(org_unit=world.far_ward.pk))
    assert response.status_code == 200
    assert not User.objects.filter(username="can.bo.moi").exists()
    assert 'value="can.bo.moi"' in response.content.decode()


def test_it_refuses_a_ward_role_without_a_unit(coordinator_client):
    response = coordinator_client.post(reverse("users:create"), _new_user())
    assert response.status_code == 200
    assert response.context["form"].errors["org_unit"]
    assert not User.objects.filter(username="can.bo.moi").exists()


def test_it_refuses_a_short_initial_password(coordinator_client, world):
    response = coordinator_client.post(
        reverse("users:create"), _new_user(org_unit=world.ward.pk, password="ngan")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="can.bo.moi").exists()


def test_it_does_not_let_a_coordinator_mint_administrators(coordinator_client, world):
    response = coordinator_client.post(reverse("users:create"), _new_user(role=Role.SYSADMIN))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_it_grants_and_revokes_a_role(coordinator_client, world):
    officer = user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    url = reverse("users:detail", args=[officer.pk])
    response = coordinator_client.post(url, {"role": Role.WARD_FRONT, "org_unit": world.ward.pk})
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user=officer, role=Role.WARD_FRONT)
    coordinator_client.post(reverse("users:revoke", args=[granted.pk]))
    granted.refresh_from_db()
    assert granted.revoked_at is not None


def test_it_deactivates_a_user(coordinator_client, world):
    officer = user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    response = coordinator_client.post(reverse("users:set_active", args=[officer.pk]),
                                       {"active": "0"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_active is False


def test_it_hides_users_of_another_province(coordinator_client, world):
    stranger = user_with_role(Role.WARD_OFFICER, org_unit=world.far_ward)
    assert coordinator_client.get(reverse("users:detail", args=[stranger.pk])).status_code == 404
    listing = coordinator_client.get(reverse("users:list")).content.decode()
    assert stranger.username not in listing


def test_it_forbids_user_management_to_a_ward_officer(client, world):
    client.force_login(world.user(Role.WARD_OFFICER))
    assert client.get(reverse("users:list")).status_code == 403
    assert client.get(reverse("users:create")).status_code == 403


def test_it_answers_htmx_filtering_with_the_table_only(coordinator_client, world):
    user_with_role(Role.WARD_OFFICER, org_unit=world.ward, username="tim.thay")
    response = coordinator_client.get(reverse("users:list"), {"q": "tim"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "tim.thay" in body
    assert "<html" not in body


def test_it_keeps_the_user_list_query_count_flat(coordinator_client, world,
                                                 django_assert_num_queries):
    for _ in range(30):
        user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    # session, user, assignments (2: nav + scope), OTP device, count, page,
    # prefetched assignments with units and agencies, session save
    with django_assert_num_queries(12):
        coordinator_client.get(reverse("users:list"))


def test_it_sets_a_new_password_and_ends_the_users_sessions(coordinator_client, world):
    from django.test import Client

    officer = user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    officer_client = Client()
    officer_client.force_login(officer)
    response = coordinator_client.post(
        reverse("users:set_password", args=[officer.pk]),
        {"password1": "mật-khẩu-mới-cấp-lại", "password2": "mật-khẩu-mới-cấp-lại"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mật-khẩu-mới-cấp-lại")
    assert officer_client.get(reverse("portal:home")).status_code == 302


def test_it_refuses_two_different_passwords_and_keeps_them(coordinator_client, world):
    officer = user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    response = coordinator_client.post(
        reverse("users:set_password", args=[officer.pk]),
        {"password1": "mật-khẩu-mới-cấp-lại", "password2": "mật-khẩu-khác-hẳn-nhau"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hai mật khẩu không khớp nhau." in body
    assert 'value="mật-khẩu-mới-cấp-lại"' in body


def test_it_removes_a_lost_two_factor_device(coordinator_client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    leader = world.user(Role.CITY_LEADER)
    TOTPDevice.objects.create(user=leader, name="lost phone", confirmed=True)
    response = coordinator_client.post(reverse("users:reset_two_factor", args=[leader.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    entries = AuditEntry.objects.filter(object_id=str(leader.pk), model="accounts.user")
    assert any("totp_device" in entry.changes for entry in entries)


def test_it_unlocks_a_locked_out_account(coordinator_client, world):
    from django.test import Client

    from testing.factories import TEST_PASSWORD

    officer = user_with_role(Role.WARD_OFFICER, org_unit=world.ward)
    outsider = Client()
    for _ in range(5):
        outsider.post(reverse("accounts:login"), {"username": officer.username, "password": "x"})
    page = coordinator_client.get(reverse("users:detail", args=[officer.pk])).content.decode()
    assert "Bị khóa do nhập sai mật khẩu" in page
    coordinator_client.post(reverse("users:unlock", args=[officer.pk]))
    response = outsider.post(reverse("accounts:login"),
                             {"username": officer.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_it_refuses_password_resets_outside_the_province(coordinator_client, world):
    stranger = user_with_role(Role.WARD_OFFICER, org_unit=world.far_ward)
    response = coordinator_client.post(
        reverse("users:set_password", args=[stranger.pk]),
        {"password1": "mật-khẩu-mới-cấp-lại", "password2": "mật-khẩu-mới-cấp-lại"},
    )
    assert response.status_code == 404
