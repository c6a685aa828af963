"""Project rules that a reviewer would otherwise have to remember."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "assessments", "attachments", "audit", "consultations", "core", "units"]

# Views get objects only through the permission layer (`<entity>_get_for_user`, scoped
# selectors); a direct query in a view is a permission check someone forgot.
FORBIDDEN_IN_VIEWS = re.compile(r"\.objects\.|get_object_or_404|get_list_or_404|\.raw\(")


def _view_files():
    for app in APPS:
        yield from sorted((ROOT / app).glob("views*.py"))


def test_it_keeps_queries_out_of_views():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _view_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if FORBIDDEN_IN_VIEWS.search(line)
    ]
    assert offenders == []


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


# Pages anyone may open: logging in, switching language, the public list of recognised
# units and the residents' answer pages (/y/).
PUBLIC = re.compile(r"^(accounts/login/|i18n/|public/|admin/|y/)")


@pytest.mark.django_db
def test_it_requires_login_for_every_page(client):
    checked = 0
    for route, _pattern in _patterns(get_resolver().url_patterns):
        if PUBLIC.match(route):
            continue
        path = "/" + re.sub(r"<(?:int:)?[^>]+>", "1", route).replace("^", "").replace("$", "")
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code in (302, 405), f"{method.__name__} {path}"
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), path
        checked += 1
    assert checked >= 10
