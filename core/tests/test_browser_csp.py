"""HTMX pages work under the Content-Security-Policy, and the policy really is enforced:
an inline script on a page is refused (and reported, which the page fixture turns into a
failure for every other browser test)."""

from __future__ import annotations

import pytest

from accounts.models import Role
from testing.browser import log_in
from testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_swaps_an_htmx_partial_under_the_policy(world, page):
    from consultations.models import Campaign

    front = world.user(Role.WARD_FRONT)
    log_in(page, front.username, TEST_PASSWORD)
    page.goto("/consultations/")
    with page.expect_response(lambda r: "/consultations/" in r.url
                              and r.request.headers.get("hx-request") == "true"):
        page.evaluate(f"htmx.ajax('GET', '/consultations/?ward={world.ward.pk}', "
                      "{target: '#campaign-form', swap: 'outerHTML'})")
    page.wait_for_function("document.querySelectorAll('#campaign-form').length === 1")
    assert page.locator("#campaign-form input[name=opens_on]").count() == 1
    assert not Campaign.objects.exists()


def test_it_refuses_an_inline_script(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text))
    tab.goto("/accounts/login/")
    tab.evaluate("""() => { const s = document.createElement('script');
                    s.textContent = 'window.ran = true'; document.body.appendChild(s); }""")
    assert tab.evaluate("() => window.ran === true") is False
    assert any("Content Security Policy" in text for text in refused)
    context.close()
