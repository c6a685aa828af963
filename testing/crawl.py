"""Following links as a person would: the walk the crawl tests and the calendar tests share.

From the home page, every link a page shows is opened (a few pages of each kind: the same
URL pattern with the same query keys), and every failure is reported, not only the first.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

MAX_PAGES = 400  # per role, to end the walk should a page link to endless new URLs
PER_KIND = 2
HREF = re.compile(r'href="([^"#][^"]*)"')
# Not pages: static files, the answer links printed on QR sheets (their own tests), and
# logging out, which would end the walk.
SKIP = re.compile(r"^/(static|media)/|^/y/|/logout/")


class Form(NamedTuple):
    method: str  # "get" (filters) or "post"
    target: str
    fields: list[tuple[str, str, str]]  # name, type, value as the page filled it


class _Forms(HTMLParser):
    """The forms of a page: method, action, and each named field with its type and value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, list[tuple[str, str, str]]]] = []
        self._fields: list[tuple[str, str, str]] | None = None
        self._action = self._method = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields, self._action = [], a.get("action", "")
            self._method = a.get("method", "get").lower()
        elif self._fields is not None and tag in ("input", "select", "textarea") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            self._fields.append((a["name"], kind, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._fields is not None:
            self.forms.append((self._method, self._action, self._fields))
            self._fields = None


class Walk(NamedTuple):
    seen: dict[str, int]  # URL → status
    problems: list[str]
    forms: dict[str, Form]


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


def walk(client: Client, forms: dict[str, Form] | None = None
          ) -> tuple[dict[str, int], list[str]]:
    """Status of every page opened from the home page, and the problems met; the forms met
    on the way go into `forms`, one of each method and kind."""
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
        if response.status_code in (301, 302, 303) and response.get("Location"):
            for link in _links(f'href="{response["Location"]}"', url):
                source.setdefault(link, url)
                queue.append(link)
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if response.status_code == 200 and '<html lang="vi"' not in html:
                problems.append(f"{url}: not marked as Vietnamese")
            if forms is not None and response.status_code == 200:
                parser = _Forms()
                parser.feed(html)
                for method, action, fields in parser.forms:
                    target = urljoin(url, action) if action else url
                    if not SKIP.search(urlsplit(target).path):
                        forms.setdefault(f"{method} {_kind(target)}",
                                         Form(method, target, fields))
            for link in _links(html, url):
                if link not in seen:
                    source.setdefault(link, url)
                    queue.append(link)
    return seen, problems
