"""Settings for bench/consultation_ingest.py only: the project's settings on a throwaway DB.

The database comes from the bench, one of:
- BENCH_DB: a SQLite file in the bench's temporary directory (`--database sqlite`);
- BENCH_DATABASE_URL: a PostgreSQL database that bench/throwaway.py created for this run
  (`--database postgres`, named kieumau_bench_<random>, dropped afterwards).
Without one of them, or with a PostgreSQL database of any other name, these settings refuse
to load, so the bench can never write to var/kieumau.sqlite3 or to a real database.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_BENCH_DB = os.environ.get("BENCH_DB", "")
_BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "")
if bool(_BENCH_DB) == bool(_BENCH_URL):
    raise ImproperlyConfigured(
        "bench.consultation_settings needs BENCH_DB (a throwaway SQLite file) or "
        "BENCH_DATABASE_URL (a throwaway PostgreSQL database), one of them.")
if _BENCH_URL:
    _parts = urlsplit(_BENCH_URL)
    if (_parts.scheme not in ("postgres", "postgresql")
            or not _parts.path.lstrip("/").startswith("kieumau_bench_")):
        raise ImproperlyConfigured(
            "BENCH_DATABASE_URL must name a throwaway PostgreSQL database "
            "(postgres://…/kieumau_bench_…, as bench/throwaway.py creates).")
# The project's settings build the connection from DATABASE_URL, with the options they give
# the engine (SQLite: WAL, IMMEDIATE transactions, busy timeout), on the throwaway database.
os.environ["DATABASE_URL"] = _BENCH_URL or f"sqlite:///{_BENCH_DB}"

from kieumau.settings import *  # noqa: E402, F403
from kieumau.settings import DATABASES  # noqa: E402

ROOT_URLCONF = "bench.consultation_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

# Connections are kept between requests, as production does (DB_CONN_MAX_AGE 60), on both
# engines: opening a SQLite file and running its PRAGMAs, or a PostgreSQL connection (a
# backend process forked per connection), per request would be measured on both sides.
DATABASES = {"default": {**DATABASES["default"], "CONN_MAX_AGE": 60}}

# The bench clients stand behind a reverse proxy, as production does: gunicorn sees
# 127.0.0.1 and each resident's own address arrives in X-Forwarded-For. The per-address
# limit (60 answers in 10 minutes, counted in the cache) then runs on every submission
# exactly as in production, and refuses nobody: a few residents share each address.
TRUSTED_PROXIES = frozenset({"127.0.0.1"})

# No collectstatic manifest in a temporary directory: plain static storage, as in tests.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
