"""Schemathesis reads the API's own OpenAPI description and calls every operation with
data generated from it, as a ward chief's key and as a city coordinator's key, against the
demo data: no answer may be a server error, and every answer must match the description
(status, content type, headers, body).

Bounded (`EXAMPLES` per operation and key) so that `make test` stays within minutes; run
with `FUZZ_EXAMPLES=500` for a longer search, `FUZZ_PATHS=<regex>` for some paths only.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings

from accounts.models import User
from kieumau.wsgi import application
from portal.demo import demo_load
from testing.api import key_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
HOLDERS = {"ward": "cap.hoankiem.truong", "city": "dieuphoi"}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_keys(django_db_setup, django_db_blocker):
    # The demo once for the module, rolled back at the end, as the crawl test does. Django
    # closes "old" connections when a request starts and ends; inside the test's
    # transaction that would close it, so the in-process calls go without (as Django's
    # own test client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            demo_load(province_code="01")
            yield {holder: key_for(User.objects.get(username=username), days=3650)
                   for holder, username in HOLDERS.items()}
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # The fuzzer's hundreds of calls are not what the per-key limit is for.
    settings.API_RATE = "1000000/minute"


# The description is read from the app itself, as a client would (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
if os.environ.get("FUZZ_PATHS"):  # a developer's shortcut: `FUZZ_PATHS=consultations`
    schema = schema.include(path_regex=os.environ["FUZZ_PATHS"])

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_it_answers_a_ward_key_within_the_description(case, demo_keys):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_keys['ward']}"})


@schema.parametrize()
@FUZZ
def test_it_answers_a_city_key_within_the_description(case, demo_keys):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_keys['city']}"})
