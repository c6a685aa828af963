"""Safe by default: no debug pages unless asked for, no public secret key in production,
the Vietnamese error pages whatever the mode."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from core.tests.test_settings import _manage

SECRET = "x7#Kp2!vQ9zL$mW4&rT8^yU1*eI6(oP3)aS5-dF0+gH7=jK2@lZ9~cX4"


def _setting(name: str, **env: str) -> str:
    result = _manage("shell", "-v", "0", "-c",
                     f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_it_runs_without_debug_unless_asked():
    assert _setting("DEBUG") == "False"
    assert _setting("DEBUG", DEBUG="1") == "True"


def test_it_refuses_the_public_development_key_in_production(tmp_path):
    from kieumau.settings import DEVELOPMENT_SECRET_KEY

    result = _manage("check", DJANGO_ENV="production", SECRET_KEY=DEVELOPMENT_SECRET_KEY,
                     ALLOWED_HOSTS="kieumau.example.vn",
                     DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_it_refuses_an_unknown_environment_name():
    result = _manage("check", DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV='prod'" in result.stderr


def test_it_serves_the_apps_static_files_without_debug_or_collectstatic(client):
    response = client.get("/static/core/app.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_answers_a_flood_of_fields_with_the_vietnamese_400_page(client):
    fields = {f"f{n}": "x" for n in range(1100)}
    response = client.post(reverse("accounts:login"), fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert '<html lang="vi"' in body and "Traceback" not in body and "SECRET_KEY" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_it_shows_its_own_404_page_not_the_url_list(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="vi"' in body and "Using the URLconf" not in body
