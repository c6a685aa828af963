"""Login, logout, two-factor, password and the user's own account page."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import services
from accounts.forms import LoginForm, TokenForm
from accounts.http import Request
from accounts.lockout import login_cool_off


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: Request) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)


def lockout_response(
    request: Request, original_response: Any, credentials: Any
) -> HttpResponse:
    minutes = int(login_cool_off(request).total_seconds() // 60)
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=403)


def _safe_next(request: Request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def two_factor(request: Request) -> HttpResponse:
    """Verify the second factor, or set it up first if the user has none yet."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return redirect(_safe_next(request))
    has_device = services.user_has_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = (
            services.totp_verify(user=user, token=token)
            if has_device
            else services.totp_device_confirm(user=user, token=token)
        )
        if device is not None:
            # A new session key once both factors are in: a key someone saw before the
            # second factor (on a shared PC) is worth nothing after it.
            request.session.cycle_key()
            otp_login(request, device)
            if not has_device:
                messages.success(request, _("Two-factor login is now on for your account."))
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    context: dict[str, Any] = {"form": form, "next": _safe_next(request), "setup": not has_device}
    if not has_device:
        device = services.totp_device_start(user=user)
        context["qr_svg"] = mark_safe(  # noqa: S308 — segno writes the SVG, not the user.
            segno.make(device.config_url, error="m").svg_inline(scale=4)
        )
        context["secret"] = services.totp_secret_base32(device)
        context["required"] = user.requires_two_factor
    return render(request, "accounts/two_factor.html", context)


@login_required
def profile(request: Request) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": request.user.active_assignments(),
            "has_totp": services.user_has_totp(request.user),
        },
    )


@login_required
def password_change(request: Request) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Every other session of this user ends (the session hash changed); this one stays.
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})
