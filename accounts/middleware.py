"""Session limits and the two-factor requirement, applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "kieumau_login_at"


class SessionLimitsMiddleware:
    """End a session LOGIN_ABSOLUTE_HOURS after login, however active it was.

    The idle limit needs no code: SESSION_COOKIE_AGE is the idle limit and
    SESSION_SAVE_EVERY_REQUEST renews it on each request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


# Paths a user who still owes a second factor may reach.
_TWO_FACTOR_EXEMPT_PREFIXES = (
    "/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/static/", "/i18n/", "/public/",
    "/y/",
)


class TwoFactorRequiredMiddleware:
    """City-level roles and administrators must pass TOTP; so must anyone who set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and not request.path.startswith(_TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            from accounts.services import user_has_totp

            if user.requires_two_factor or user_has_totp(user):  # type: ignore[union-attr]
                return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
