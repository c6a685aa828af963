"""The OpenAPI description: valid, served at its stable address, complete, and documented
by pages this server serves itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from testing.api import api_call, key_for

pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent


def test_it_validates_the_description(tmp_path):
    target = tmp_path / "openapi.yaml"
    # --fail-on-warn: an operation whose answer drf-spectacular had to guess fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.0.3")


def test_it_serves_the_description_as_json_without_a_key(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Kiểu Mẫu API"
    assert document["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    operations = [op for ops in document["paths"].values() for op in ops.values()]
    assert len(operations) >= 3
    for operation in operations:
        # Every operation says what it is in Vietnamese, needs a key, and may answer a
        # problem (RFC 9457).
        assert operation.get("summary"), operation["operationId"]
        assert operation["security"] == [{"apiKey": []}], operation["operationId"]
        problem = operation["responses"]["default"]["content"]["application/problem+json"]
        assert problem["schema"]["$ref"] == "#/components/schemas/Problem"


def test_it_serves_the_documentation_from_this_server(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    for source in sources:
        assert source.startswith("/"), source  # no CDN: every asset is this server's
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert b"/api/v1/openapi.json" in script.content


def _operation_ids(client) -> set[str]:
    document = client.get("/api/v1/openapi.json").json()
    return {op["operationId"] for ops in document["paths"].values() for op in ops.values()}


def test_it_has_a_ward_scope_test_for_every_operation(client):
    """Every operation has its `test_it_keeps_<operation id>_within_the_ward`: a ward's key
    cannot read or write another ward's data through it."""
    written = {match for path in TESTS.glob("test_*.py")
               for match in re.findall(r"^def test_it_keeps_(\w+)_within_the_ward\(",
                                       path.read_text(), re.MULTILINE)}
    missing = sorted(_operation_ids(client) - written)
    assert missing == []


def test_it_refuses_an_unknown_parameter_naming_the_known_ones(client, world):
    from accounts.models import Role

    key = key_for(world.user(Role.WARD_OFFICER))
    response = api_call(client, "GET", "/api/v1/units/?ward_id=3", key)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "ward_id"
    assert "kind" in error["detail"] and "page_size" in error["detail"]
