"""A resident on a cheap phone and a slow network: the answer page stays under 50 KB."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from consultations.models import GroupLink
from testing.factories import campaign_for

BUDGET = 50 * 1024


class _References(HTMLParser):
    """Every URL the page makes the browser fetch: stylesheets, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split():
            self.urls.append(values["href"] or "")
        elif tag in ("script", "img") and values.get("src"):
            self.urls.append(values["src"] or "")


def _bytes(client, url: str) -> int:
    assert url.startswith("/"), f"{url} is loaded from outside the app"
    if url.startswith(settings.STATIC_URL):
        # The test client does not serve static files; read what the server would send.
        found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        assert found, f"{url} is not a static file"
        return Path(str(found)).stat().st_size
    response = client.get(url)
    assert response.status_code == 200, url
    return len(response.content)


def test_it_weighs_under_50_kb_with_everything_it_references(client, world):
    campaign = campaign_for(world.ward, year=timezone.localdate().year)
    link = GroupLink.objects.get(campaign=campaign)
    page = client.get(reverse("answer:group", kwargs={"token": link.token}))
    parser = _References()
    parser.feed(page.content.decode())
    assert parser.urls, "the page references no stylesheet: the parser missed it"
    total = len(page.content) + sum(_bytes(client, url) for url in parser.urls)
    assert total < BUDGET
