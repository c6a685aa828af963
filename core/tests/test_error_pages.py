"""Error pages are Vietnamese pages of the app, never Django's bare English ones."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from accounts.models import Role
from testing.clients import login

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    html = response.content.decode()
    assert '<html lang="vi"' in html
    return html


def test_it_answers_an_unknown_address_with_the_vietnamese_404(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = _page(response)
    assert "Không tìm thấy trang" in html
    assert 'class="nav"' in html  # inside the usual shell, with the way back


def test_it_answers_a_refused_action_with_the_vietnamese_403(client, world):
    login(client, world.user(Role.CITY_LEADER))
    response = client.get("/indicators/import/")
    assert response.status_code == 403
    assert "Không được phép" in _page(response)


@pytest.mark.parametrize("address", [
    "/indicators/values/?indicator=%00", "/indicators/map/?year=2026&indicator=a%00b",
    "/units/%00/"])
def test_it_refuses_a_nul_in_the_address_with_the_vietnamese_400(client, world, address):
    # PostgreSQL cannot compare text holding NUL: without the refusal these were 500s.
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(address)
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in _page(response)


def test_it_lets_an_ordinary_address_through(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.get("/indicators/values/?indicator=0&year=2026").status_code == 200


def test_it_draws_the_500_page_without_the_requests_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in _page(response)


def test_it_speaks_vietnamese_where_djangos_own_catalogue_does_not():
    from django.utils import translation

    from core.django_messages import DJANGO_MESSAGES

    with translation.override("vi"):
        english = [m for m in DJANGO_MESSAGES if translation.gettext(m) == m]
    assert not english
