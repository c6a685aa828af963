"""Headers and small hardening: a Content-Security-Policy without inline script, nothing a
signed-in user saw kept in a cache, a new session key after the second factor, and numbers
in the digits 0–9 only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from assessments.services import parse_value
from core import forms as core_forms
from core.imports import decimal_from_text, is_ascii_number
from testing.clients import login
from testing.factories import TEST_PASSWORD, assessment_for, campaign_for

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.I)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_it_sends_a_policy_that_allows_no_inline_script(client, world):
    for response in (client.get(reverse("accounts:login")),
                     client.get(reverse("answer:group",
                                        args=[campaign_for(world.ward).links.get().token]))):
        policy = _policy(response)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["object-src"] == "object-src 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_it_has_no_inline_script_in_any_template():
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE_SCRIPT.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()[:80]}")
    assert offenders == []


def test_it_keeps_no_copy_of_a_signed_in_page_or_download(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.user(Role.WARD_CHIEF))
    dossier = assessment_for(world.ward)
    for url in (reverse("portal:home"), reverse("assessments:detail", args=[dossier.pk]),
                reverse("assessments:dossier_docx", args=[dossier.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_it_leaves_pages_for_everyone_to_their_own_cache_rules(client):
    response = client.get("/public/recognised/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_gives_a_new_session_key_once_the_second_factor_is_in(client, world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    device = TOTPDevice.objects.create(user=coordinator, name="t", confirmed=True)
    client.post(reverse("accounts:login"),
                {"username": coordinator.username, "password": TEST_PASSWORD})
    before = client.session.session_key
    assert before
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": code})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize("text", ["١٢", "۱۲", "१२", "12٣"])
def test_it_takes_numbers_in_the_digits_0_to_9_only(world, text):
    assert not is_ascii_number(text)
    with pytest.raises(ValueError):
        decimal_from_text(text)
    with pytest.raises(ValidationError):
        core_forms.IntegerField().clean(text)
    with pytest.raises(ValidationError):
        core_forms.DecimalField().clean(text)
    dossier = assessment_for(world.ward)
    number = dossier.values.select_related("criterion").filter(
        criterion__value_type="number").first()
    if number is not None:
        with pytest.raises(ValidationError):
            parse_value(number.criterion, text)


def test_it_still_takes_ordinary_numbers():
    assert is_ascii_number("12") and decimal_from_text("12.5") == decimal_from_text("12.50")
    assert core_forms.IntegerField().clean("12") == 12
    assert core_forms.DateField().clean("05/12/2026").day == 5
    with pytest.raises(ValidationError):
        core_forms.DateField().clean("٠٥/١٢/٢٠٢٦")
