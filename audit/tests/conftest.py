import pytest

from accounts.models import Role


def login(client, user) -> None:
    """Log in, past the second factor that city-level roles owe (not what is tested here)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.requires_two_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def english(settings):
    # Assertions read the English texts, whatever the Vietnamese catalogue says.
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


@pytest.fixture
def coordinator_client(client, coordinator):
    login(client, coordinator)
    return client
