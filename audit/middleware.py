from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from audit.context import acting_as


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for audit entries and rate limits.

    Behind a reverse proxy REMOTE_ADDR is the proxy. Only when it is one of
    TRUSTED_PROXIES is X-Forwarded-For read, right to left, skipping trusted hops, so a
    client cannot forge its address by sending the header itself.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXIES
    if remote is None or remote not in trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if hop not in trusted:
            return hop
    return remote


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, client_ip(request)):
            return self.get_response(request)
