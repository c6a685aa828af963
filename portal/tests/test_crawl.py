"""Every kind of page a demo role reaches by following links opens without a server error.

The demo data (portal.demo) holds a record in every state a newcomer is shown, so following
each role's links from the home page walks the pages people actually use, with real data
behind them, in the role's own scope. A few pages of each kind are opened (the same URL
pattern with the same query keys): 127 wards' detail pages add time, not coverage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http.response import HttpResponseBase

from accounts.models import User
from portal.demo import demo_load
from testing.clients import login
from testing.crawl import MAX_PAGES, Form, Walk, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module (a few seconds), inside a transaction rolled back at the
    # end; each test runs in its own savepoint within it, as pytest-django's tests do.
    with django_db_blocker.unblock(), transaction.atomic():
        yield {login.username: login for login in demo_load(province_code="01")}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def walks(demo) -> dict[str, Walk]:
    # Each test starts from the same demo data (its changes are rolled back), so a role's
    # walk is the same in every test: it is done once and shared.
    return {}


@pytest.fixture
def walk_as(client, demo, walks):
    def walk_once(username: str) -> Walk:
        login(client, User.objects.get(username=username))
        if username not in walks:
            forms: dict[str, Form] = {}
            seen, problems = walk(client, forms)
            walks[username] = Walk(seen, problems, forms)
        return walks[username]
    return walk_once


@pytest.mark.parametrize("username", [
    "quantri", "dieuphoi", "lanhdao", "hoidong", "cap.hoankiem.truong",
    "cap.hoankiem.canbo", "ubnd.badinh", "mttq.hoankiem", "mttq.socson", "baocao.sotuphap",
])
def test_it_opens_every_page_a_role_is_shown(demo, walk_as, username):
    assert username in demo
    seen, problems, _forms = walk_as(username)
    assert not problems, "\n".join(problems)
    assert len(seen) < MAX_PAGES, "the walk stopped before reaching every page"
    opened = [url for url, status in seen.items() if status == 200]
    assert len(opened) >= 5, seen  # the role reached its pages, not only a login redirect



# What people paste, mistype or tamper with. Hidden fields keep the page's own values in
# all but the last round, so the nonsense reaches the checks behind them.
NONSENSE = ["", "-1", "9" * 30, "²", "x\x00y", "2026-02-30", "<b>ư</b>" * 700, "1e400"]


def _failure(what: str, send: Callable[..., HttpResponseBase], *args: Any, **kwargs: Any
             ) -> str | None:
    """What went wrong with one request (an exception or a server error), or None."""
    try:
        response = send(*args, **kwargs)
    except Exception as error:  # each failure is reported, not only the first
        return f"{what}: {type(error).__name__}: {error}"
    return f"{what}: HTTP {response.status_code}" if response.status_code >= 500 else None


def _payload(form: Form, value: str, *, keep_hidden: bool) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, kind, original in form.fields:
        if kind == "file":
            upload = SimpleUploadedFile("bang-tinh.xlsx", b"PK\x03\x04 not a workbook")
            data[name] = upload
        elif kind == "hidden" and keep_hidden:
            data[name] = original
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("username", [
    "quantri", "cap.hoankiem.truong", "mttq.hoankiem", "baocao.sotuphap"])
def test_it_answers_nonsense_in_every_form_without_failing(client, walk_as, username):
    found = walk_as(username).forms
    forms = [form for form in found.values() if form.method == "post"]
    assert len(forms) >= 5, sorted(found)  # the walk met the role's forms
    problems: list[str | None] = []
    for form in forms:
        # Every value with the page's hidden fields, one with those tampered too, and two
        # as HTMX requests, which get a partial of the page.
        rounds = [(value, True, False) for value in NONSENSE] + [
            ("9" * 30, False, False), ("", True, True), ("-1", True, True)]
        for value, keep_hidden, htmx in rounds:
            data = _payload(form, value, keep_hidden=keep_hidden)
            headers = {"HX-Request": "true"} if htmx else {}
            problems.append(_failure(f"{form.target} {value[:12]!r}",
                                     client.post, form.target, data, headers=headers))
    assert not any(problems), "\n".join(filter(None, problems))


@pytest.mark.parametrize("username", ["dieuphoi", "cap.hoankiem.truong", "mttq.hoankiem"])
def test_it_answers_nonsense_in_every_filter_without_failing(client, walk_as, username):
    found = walk_as(username).forms
    filters = [form for form in found.values() if form.method == "get"]
    assert len(filters) >= 3, sorted(found)  # the walk met the role's filters
    problems: list[str | None] = []
    for form in filters:
        for value in NONSENSE:
            query = {name: value for name, kind, _original in form.fields if kind != "file"}
            problems.append(_failure(f"{form.target} {value[:12]!r}",
                                     client.get, urlsplit(form.target).path, query))
    assert not any(problems), "\n".join(filter(None, problems))


def test_it_opens_every_page_shown_to_someone_not_logged_in(client, demo):
    seen, problems = walk(client)
    assert not problems, "\n".join(problems)
    assert seen["/"] == 302  # to the login page, followed as a link
    opened = {url for url, status in seen.items() if status == 200}
    assert {"/accounts/login/?next=/", "/public/recognised/"} <= opened, seen
