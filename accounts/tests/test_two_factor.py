import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_sends_a_city_coordinator_to_two_factor_setup(client, world):
    client.force_login(world.user(Role.CITY_COORDINATOR))
    response = client.get(reverse("units:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_it_lets_a_ward_officer_in_without_two_factor(client, world):
    client.force_login(world.user(Role.WARD_OFFICER))
    assert client.get(reverse("units:list")).status_code == 200


def test_it_sets_up_totp_and_then_lets_the_coordinator_in(client, world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    client.force_login(coordinator)
    page = client.get(reverse("accounts:two_factor"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    response = client.post(
        reverse("accounts:two_factor"), {"token": _code(device), "next": "/units/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    assert client.get(reverse("units:list")).status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_it_refuses_a_wrong_code_and_keeps_the_form(client, world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    client.force_login(coordinator)
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert client.get(reverse("units:list")).status_code == 302


def test_it_refuses_letters_in_the_code(client, world):
    client.force_login(world.user(Role.CITY_COORDINATOR))
    response = client.post(reverse("accounts:two_factor"), {"token": "abcdef"})
    assert "Mã chỉ gồm chữ số" in response.content.decode()


def test_it_asks_a_ward_officer_who_turned_it_on_for_the_code(client, world):
    officer = world.user(Role.WARD_OFFICER)
    TOTPDevice.objects.create(user=officer, name="TOTP", confirmed=True)
    client.force_login(officer)
    response = client.get(reverse("units:list"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_it_does_not_redirect_to_another_site_after_verification(client, world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    client.force_login(coordinator)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(
        reverse("accounts:two_factor"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
