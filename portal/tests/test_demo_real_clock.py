"""`load_demo` on a fresh database with the operating system's clock moved (libfaketime).

The calendar tests move Python's clock with time-machine; this runs the real command in a
process of its own whose whole clock, C library included, says another date, as a
newcomer's machine would on that day. CI installs faketime and sets REQUIRE_FAKETIME=1, so
there a missing faketime fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKETIME")}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "TZ": "UTC", "DJANGO_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "kieumau.settings"}
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    if shutil.which("faketime") is None:
        if os.environ.get("REQUIRE_FAKETIME") == "1":
            pytest.fail("faketime is not installed but REQUIRE_FAKETIME=1")
        pytest.skip("faketime is not installed (apt-get install faketime)")
    database = tmp_path_factory.mktemp("demo") / "template.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=_env(database), check=True, timeout=300)
    return database


@pytest.mark.parametrize(("clock", "expect"), [
    # UTC wall-clock times: 5 December is after the consultation deadline …
    ("2027-12-05 03:00:00", "No demo consultation takes answers today: this year's closed "
                            "on 30/11/2027"),
    # … a leap day in the middle of it …
    ("2028-02-29 03:00:00", "It takes answers until 30/11/2028."),
    # … and 17:30 UTC on New Year's Eve is already 1 January 2029 in Hanoi.
    ("2028-12-31 17:30:00", "It takes answers until 30/11/2029."),
])
def test_it_loads_the_demo_with_the_machines_clock_moved(migrated, tmp_path, clock, expect):
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated, database)
    faketime = shutil.which("faketime")
    assert faketime is not None  # the fixture has checked
    done = subprocess.run(  # noqa: S603 — fixed arguments, no shell
        [faketime, clock, sys.executable, "manage.py", "load_demo"], cwd=ROOT,
        env=_env(database), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Demo logins" in done.stdout
    assert expect in done.stdout, done.stdout[-1500:]
