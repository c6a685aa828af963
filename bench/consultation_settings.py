"""Settings for bench/consultation_ingest.py only: the project's settings on a throwaway DB.

The database path comes from BENCH_DB, set by the bench to a file in its temporary directory;
without it these settings refuse to load, so the bench can never write to var/kieumau.sqlite3.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from kieumau.settings import *  # noqa: F403
from kieumau.settings import DATABASES

if not os.environ.get("BENCH_DB"):
    raise ImproperlyConfigured("bench.consultation_settings needs BENCH_DB (a throwaway file).")

ROOT_URLCONF = "bench.consultation_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

# Same engine options as the project's SQLite (WAL, IMMEDIATE, busy timeout), another file.
# Connections are kept between requests, as production does (DB_CONN_MAX_AGE 60): opening a
# SQLite file and running the PRAGMAs per request would be measured on both sides otherwise.
DATABASES = {
    "default": {**DATABASES["default"], "NAME": os.environ["BENCH_DB"], "CONN_MAX_AGE": 60},
}

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
