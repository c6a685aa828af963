"""Django on a throwaway database, for the benches: SQLite in a temporary directory, or a
PostgreSQL database created on the machine's server and dropped afterwards.

Every bench takes `--database sqlite|postgres` (add_database_argument). Production runs
PostgreSQL, so its figures are the ones users live with; SQLite is the default install.
The PostgreSQL server is the one in BENCH_POSTGRES_URL (default: the machine's,
postgres://postgres@127.0.0.1:5432/postgres); the bench creates `kieumau_bench_<random>`
there and drops it when done, even after a failure, and never touches another database.
"""

from __future__ import annotations

import argparse
import atexit
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite",
                        help="the engine to measure (postgres: a throwaway database on "
                             "BENCH_POSTGRES_URL's server, dropped afterwards)")


def engine_label(database: str) -> str:
    return "PostgreSQL" if database == "postgres" else "SQLite"


def _server_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_SERVER)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_server_url(), autocommit=True) as conn:
        conn.execute(sql)


def throwaway_url(tmp: Path, database: str) -> str:
    """A DATABASE_URL for a new, empty database of the engine asked for.

    For PostgreSQL the database is created now and dropped when the process exits.
    """
    if database == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    name = f"kieumau_bench_{secrets.token_hex(4)}"
    _admin(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    parts = urlsplit(_server_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def django_on_throwaway(tmp: Path, database: str = "sqlite") -> str:
    """Set Django up on a new database (SQLite file in `tmp`, never var/, or a throwaway
    PostgreSQL database) and migrate it. Returns the DATABASE_URL, for servers the bench
    starts."""
    sys.path.insert(0, str(ROOT))
    url = throwaway_url(tmp, database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kieumau.settings"
    os.environ["KIEUMAU_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = url
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
    return url


def django_on_throwaway_sqlite(tmp: Path) -> None:
    django_on_throwaway(tmp, "sqlite")
