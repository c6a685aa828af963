"""Requests refused before any view reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request


class RefuseNulMiddleware:
    """An address holding a NUL character gets the 400 page.

    Nobody types a NUL, and PostgreSQL can neither store nor compare text that holds one:
    a filter such as `?indicator=%00` would fail inside its query, in any view that reads
    the address. Forms already refuse a NUL in what is posted (Django's CharField), with
    the field's own message and what was typed kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            if request.path.startswith(settings.API_PATH_PREFIX):
                # A program reads problems (RFC 9457), not the HTML page.
                return JsonResponse(
                    {"type": "about:blank", "title": _("The request is not valid"),
                     "status": 400, "detail": _("The address holds a NUL character, which no "
                                                "value may contain."),
                     "instance": request.path.replace("\x00", "")},
                    status=400, content_type="application/problem+json")
            return bad_request(request, SuspiciousOperation("NUL character in the address"))
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """What a signed-in user sees, pages and downloads alike, is never kept by the browser
    or a proxy: office PCs are shared, and the back button must not show the last user's
    dossier to the next. Responses that set their own Cache-Control keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
