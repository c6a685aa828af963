"""Test-client helpers shared by every app's tests."""

from __future__ import annotations

from typing import Any


def login(client: Any, user: Any) -> None:
    """Log in, past the second factor that city-level roles owe (not what is tested here)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.requires_two_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
