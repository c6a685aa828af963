"""URLs of the consultation bench: the whole project, plus the bare insert it is compared to.

`bench-floor` is the floor: one POST through the same middleware stack and the same
gunicorn, that inserts one row with raw SQL (the same statement on SQLite and PostgreSQL)
and answers 204. Whatever the real answer page (/y/<token>/) costs above that is the price
of the form, its validation, the link, nonce and rate-limit reads and the answer rows.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt  # the floor is the cheapest possible write; the bench owns its table
@require_POST
def floor(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (at) VALUES (CURRENT_TIMESTAMP)")
    return HttpResponse(status=204)


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("kieumau.urls")),
]
