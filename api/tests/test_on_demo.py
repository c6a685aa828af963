"""The whole API against the demo data (every programme, several wards):

- Schemathesis reads the API's own OpenAPI description and calls every operation with data
  generated from it, as a ward chief's key and as a city coordinator's key: no answer may
  be a server error, and every answer must match the description (status, content type,
  headers, body); data that breaks the description must be refused.
- A sweep reads every operation as three of Hoàn Kiếm's keys (police chief, People's
  Committee, Front) and finds no other ward in what they are given, and no other ward's
  record behind any address.

Bounded (`EXAMPLES` per operation and key) so that `make test` stays within minutes; run
with `FUZZ_EXAMPLES=500` for a longer search, `FUZZ_PATHS=<regex>` for some paths only.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import positive_data_acceptance

from accounts.models import User
from kieumau.wsgi import application
from portal.demo import demo_load
from testing.api import api_call, key_for
from units.models import OrgUnit
from units.selectors import lineage_ids

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
HOLDERS = {"ward": "cap.hoankiem.truong", "city": "dieuphoi",
           "committee": "ubnd.hoankiem", "front": "mttq.hoankiem"}
WARD_HOLDERS = ("ward", "committee", "front")

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
# The key is sent by the test itself (below); schemathesis leaves the Authorization header
# alone rather than "break" it in a case the test then mends (the unkeyed calls are its
# own check, `ignored_auth`, and test_keys.py's).
schema.config.generation.update(with_security_parameters=False)
if os.environ.get("FUZZ_PATHS"):  # a developer's shortcut: `FUZZ_PATHS=consultations`
    schema = schema.include(path_regex=os.environ["FUZZ_PATHS"])

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


# Every check but one: "positive data acceptance" wants every request the description
# allows to succeed, but the programme's rules refuse many that are well formed (a month
# not over yet, a report already submitted, a cursor that was never issued) with a 400
# problem that names the rule. Those answers are still checked against the description.
EXCLUDED = [positive_data_acceptance]


@schema.parametrize()
@FUZZ
def test_it_answers_a_ward_key_within_the_description(case, demo_keys):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_keys['ward']}"},
                           excluded_checks=EXCLUDED)


@schema.parametrize()
@FUZZ
def test_it_answers_a_city_key_within_the_description(case, demo_keys):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_keys['city']}"},
                           excluded_checks=EXCLUDED)


# --- No other ward's data through any operation ------------------------------------------

def _document(client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def _ward_refs(data: Any, found: set[tuple[str, Any]]) -> set[tuple[str, Any]]:
    """Every ward a payload names: `ward` (an id or {id, code}), `ward_id`, `ward_code`."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("ward", "ward_id") and isinstance(value, int):
                found.add(("id", value))
            elif key == "ward" and isinstance(value, dict) and "id" in value:
                found.add(("id", value["id"]))
            elif key == "ward_code" and isinstance(value, str):
                found.add(("code", value))
            _ward_refs(value, found)
    elif isinstance(data, list):
        for item in data:
            _ward_refs(item, found)
    return found


def _read_all(client, path: str, key: str, pages: int = 5) -> list[Any]:
    answers = []
    while path and pages:
        response = api_call(client, "GET", path, key)
        assert response.status_code in (200, 403), f"{path}: {response.status_code}"
        if response.status_code == 403:
            break
        body = response.json()
        answers.append(body)
        path = body.get("next") if isinstance(body, dict) else None
        pages -= 1
    return answers


def _own(user: User) -> tuple[set[int], set[str]]:
    ward = next(a.org_unit for a in user.active_assignments() if a.org_unit is not None)
    units = list(OrgUnit.objects.filter(pk__in=lineage_ids(ward)))
    return {u.pk for u in units}, {u.code for u in units}


def test_it_shows_ward_keys_no_other_ward_through_any_read(client, demo_keys):
    document = _document(client)
    reads = [path for path, ops in document["paths"].items()
             if "get" in ops and "{" not in path and path.startswith("/api/v1/")
             and not path.endswith((".json", "/docs/"))]
    assert len(reads) >= 10
    city_sees_others = 0
    for holder in WARD_HOLDERS:
        ids, codes = _own(User.objects.get(username=HOLDERS[holder]))
        for path in reads:
            refs = _ward_refs(_read_all(client, path, demo_keys[holder]), set())
            foreign = {ref for ref in refs if ref[1] not in (ids if ref[0] == "id" else codes)}
            assert foreign == set(), f"{holder} {path}: {sorted(foreign)[:5]}"
    ids, codes = _own(User.objects.get(username=HOLDERS["ward"]))
    for path in reads:
        refs = _ward_refs(_read_all(client, path, demo_keys["city"]), set())
        city_sees_others += any(ref[1] not in (ids if ref[0] == "id" else codes)
                                for ref in refs)
    # The sweep would pass on empty answers: the city's key must see other wards in many.
    assert city_sees_others >= 6, city_sees_others


def test_it_hides_every_other_wards_record_behind_its_address(client, demo_keys):
    """Each `…/{id}/` read: the records the city's key lists that belong to another ward
    are, for Hoàn Kiếm's keys, not there (404), never shown."""
    document = _document(client)
    details = [path for path, ops in document["paths"].items()
               if "get" in ops and path.endswith("/{id}/")]
    checked = 0
    for path in details:
        listing = path.removesuffix("{id}/")
        if listing not in document["paths"]:
            continue
        for holder in WARD_HOLDERS:
            ids, codes = _own(User.objects.get(username=HOLDERS[holder]))
            for page in _read_all(client, listing, demo_keys["city"], pages=2):
                for row in page.get("results", []):
                    refs = _ward_refs(row, set())
                    if not refs or all(ref[1] in (ids if ref[0] == "id" else codes)
                                       for ref in refs):
                        continue
                    response = api_call(client, "GET", listing + f"{row['id']}/",
                                        demo_keys[holder])
                    assert response.status_code in (403, 404), (holder, path, row["id"])
                    checked += 1
    assert checked >= 5, checked
