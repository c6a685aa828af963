from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a reverse proxy in production sets it through the WSGI server
    # (gunicorn --forwarded-allow-ips), so a client cannot forge it with a header.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, client_ip(request)):
            return self.get_response(request)
