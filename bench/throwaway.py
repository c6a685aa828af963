"""Django on a throwaway SQLite database, for the benches that drive the project in-process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_on_throwaway_sqlite(tmp: Path) -> None:
    """Set Django up on a new SQLite file in `tmp` (never var/) and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kieumau.settings"
    os.environ["KIEUMAU_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    # The test settings: no DEBUG (it records every query), plain static storage (no
    # collectstatic manifest in a throwaway directory); the test Client's host allowed.
    os.environ["DJANGO_ENV"] = "test"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
