"""Every URL that takes a database id answers 404 to an id the database cannot hold,
instead of failing the query (an outside probe found 500s on ids ≥ 2⁶³)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.converters import MAX_ID, IdConverter
from testing.clients import login

pytestmark = pytest.mark.django_db
ID = re.compile(r"<(?:id|int):[^>]+>")
OTHER = re.compile(r"<(?:(?:str|ward_code|slug|path):)?[^>]+>")


def _routes(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _id_routes() -> list[str]:
    return sorted({route for route in _routes(get_resolver().url_patterns) if ID.search(route)})


def test_it_takes_ids_in_every_url_through_the_bounded_converter():
    assert len(_id_routes()) >= 40
    every = list(_routes(get_resolver().url_patterns))
    assert [route for route in every if "<int:" in route] == []


@pytest.mark.parametrize("too_big", [str(MAX_ID + 1), "9" * 19, "9" * 30, "0", "١٢"])
def test_it_answers_404_for_an_id_beyond_the_database(client, admin_user, too_big):
    login(client, admin_user)  # past the second factor a superuser owes
    problems = []
    for route in _id_routes():
        path = "/" + OTHER.sub("00070", ID.sub(too_big, route))
        for method in (client.get, client.post):
            status = method(path).status_code
            # The admin sends an unknown object back to its list (302) by its own design.
            expected = {404, 302} if route.startswith("admin/") else {404}
            if status not in expected:
                problems.append(f"{method.__name__.upper()} {path}: {status}")
    assert problems == []


def test_it_still_takes_the_largest_id():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
