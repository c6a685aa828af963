"""Production start-up refuses unsafe defaults; a configured production passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ENV",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_it_refuses_to_start_in_production_without_its_secrets():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert name in result.stderr


def test_it_passes_check_deploy_when_configured(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="x7#Kp2!vQ9zL$mW4&rT8^yU1*eI6(oP3)aS5-dF0+gH7=jK2@lZ9~cX4",
        ALLOWED_HOSTS="kieumau.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_warns_check_deploy_when_the_rate_limit_is_counted_per_process(tmp_path):
    result = _manage(
        "check", "--deploy",
        DJANGO_ENV="production",
        SECRET_KEY="x7#Kp2!vQ9zL$mW4&rT8^yU1*eI6(oP3)aS5-dF0+gH7=jK2@lZ9~cX4",
        ALLOWED_HOSTS="kieumau.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert "kieumau.W001" in result.stdout + result.stderr


def test_it_shares_the_cache_through_redis_when_cache_url_is_set():
    show = ("from django.core.cache import caches; from django.conf import settings; "
            "print(type(caches['default']).__name__, settings.CACHES['default']['LOCATION'])")
    shared = _manage("shell", "-v", "0", "-c", show, CACHE_URL="redis://127.0.0.1:6379/1")
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.split() == ["RedisCache", "redis://127.0.0.1:6379/1"]
    local = _manage("shell", "-v", "0", "-c", "from django.core.cache import caches; "
                    "print(type(caches['default']).__name__)", CACHE_URL="")
    assert local.stdout.split() == ["LocMemCache"]


def test_it_refuses_to_start_on_a_mistyped_yes_no_setting():
    result = _manage("check", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value" in result.stderr


def test_it_refuses_to_start_on_a_number_that_is_not_one():
    result = _manage("check", LOGIN_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT='five' is not a whole number" in result.stderr


def test_it_reads_the_yes_no_words_both_ways():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
                     DEBUG=" Off ")
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
