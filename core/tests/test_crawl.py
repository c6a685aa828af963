"""Every kind of page a demo role reaches by following links opens without a server error.

The demo data (core.demo) holds a record in every state a newcomer is shown, so following
each role's links from the home page walks the pages people actually use, with real data
behind them, in the role's own scope. A few pages of each kind are opened (the same URL
pattern with the same query keys): 127 wards' detail pages add time, not coverage.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User
from core.demo import demo_load
from testing.clients import login

pytestmark = pytest.mark.django_db

MAX_PAGES = 400  # per role, to end the walk should a page link to endless new URLs
PER_KIND = 2
HREF = re.compile(r'href="([^"#][^"]*)"')
# Not pages: static files, the answer links printed on QR sheets (their own tests), and
# logging out, which would end the walk.
SKIP = re.compile(r"^/(static|media)/|^/y/|/logout/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module (a few seconds), inside a transaction rolled back at the
    # end; each test runs in its own savepoint within it, as pytest-django's tests do.
    with django_db_blocker.unblock(), transaction.atomic():
        yield {login.username: login for login in demo_load(province_code="01")}
        transaction.set_rollback(True)


def _links(html: str, base: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        url = urldefrag(urljoin(base, href.replace("&amp;", "&")))[0]
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and not SKIP.search(parts.path):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _kind(url: str) -> str:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    keys = sorted({pair.partition("=")[0] for pair in parts.query.split("&") if pair})
    return f"{route}?{'&'.join(keys)}"


def _walk(client: Client) -> tuple[dict[str, int], list[str]]:
    """Status of every page opened from the home page, and the problems met."""
    seen: dict[str, int] = {}
    kinds: dict[str, int] = {}
    problems: list[str] = []
    queue = deque(["/"])
    source = {"/": "(start)"}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or kinds.get(_kind(url), 0) >= PER_KIND:
            continue
        kinds[_kind(url)] = kinds.get(_kind(url), 0) + 1
        try:
            response = client.get(url)
        except Exception as error:  # each failure is reported, not only the first
            seen[url] = 500
            problems.append(f"{url}: {type(error).__name__}: {error}")
            continue
        seen[url] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{url}: HTTP {response.status_code}")
        elif response.status_code in (403, 404):
            # Linked from a page this role was shown, so the role should be able to open it.
            problems.append(f"{url}: HTTP {response.status_code}, linked from {source[url]}")
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if response.status_code == 200 and '<html lang="vi"' not in html:
                problems.append(f"{url}: not marked as Vietnamese")
            for link in _links(html, url):
                if link not in seen:
                    source.setdefault(link, url)
                    queue.append(link)
    return seen, problems


@pytest.mark.parametrize("username", [
    "quantri", "dieuphoi", "lanhdao", "hoidong", "cap.hoankiem.truong",
    "cap.hoankiem.canbo", "ubnd.badinh", "mttq.hoankiem", "mttq.socson", "baocao.sotuphap",
])
def test_it_opens_every_page_a_role_is_shown(client, demo, username):
    assert username in demo
    login(client, User.objects.get(username=username))
    seen, problems = _walk(client)
    assert not problems, "\n".join(problems)
    assert len(seen) < MAX_PAGES, "the walk stopped before reaching every page"
    opened = [url for url, status in seen.items() if status == 200]
    assert len(opened) >= 5, seen  # the role reached its pages, not only a login redirect
