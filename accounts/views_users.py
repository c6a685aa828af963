"""Screens for the city coordinator: create users, grant and revoke roles, deactivate."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services, token_services
from accounts.forms import (
    ApiKeyForm,
    RoleScopeFields,
    SetPasswordForm,
    UserCreateForm,
    UserFilterForm,
)
from accounts.http import Request
from accounts.lockout import user_locks
from accounts.models import User
from accounts.permissions import Action, assignable_roles, can, require
from core.forms import add_service_errors


def _role_form(request: Request, form_class: type[RoleScopeFields], *,
               bound: bool = True) -> RoleScopeFields:
    return form_class(
        (request.POST or None) if bound else None,
        roles=assignable_roles(request.user),
        units=selectors.assignable_units(request.user),
        agencies=selectors.assignable_agencies(request.user),
    )


@login_required
def user_list(request: Request) -> HttpResponse:
    require(request.user, Action.USER_VIEW)
    filters = UserFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(
        actor=request.user, q=params.get("q", ""), role=params.get("role", ""),
        active=params.get("active", ""),
    ).prefetch_related("role_assignments__org_unit", "role_assignments__agency")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page,
               "can_manage": can(request.user, Action.USER_MANAGE)}
    template = "accounts/user_list.html"
    if request.htmx:
        template += "#user-table"
    return render(request, template, context)


@login_required
def user_create(request: Request) -> HttpResponse:
    require(request.user, Action.USER_MANAGE)
    form = _role_form(request, UserCreateForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user, username=data["username"], full_name=data["full_name"],
                email=data["email"], position=data["position"], password=data["password"],
                role=data["role"], org_unit=data["org_unit"], agency=data["agency"],
            )
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("users:detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@login_required
def user_detail(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk)
    can_manage = can(request.user, Action.USER_MANAGE, target)
    form = _role_form(request, RoleScopeFields) if can_manage else None
    if request.method == "POST":
        require(request.user, Action.USER_MANAGE, target)
        assert form is not None  # built for whoever holds that right
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.role_assign(
                    actor=request.user, user=target, role=data["role"],
                    org_unit=data["org_unit"], agency=data["agency"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Role granted."))
                return redirect("users:detail", pk=target.pk)
    return _detail_page(request, target, can_manage=can_manage, form=form)


def _detail_page(request: Request, target: User, *, can_manage: bool,
                 form: RoleScopeFields | None, key_form: ApiKeyForm | None = None,
                 ) -> HttpResponse:
    if can_manage and key_form is None:
        key_form = ApiKeyForm()
    context = {
        "target": target,
        "assignments": selectors.role_assignments_of(target),
        "form": form,
        "can_manage": can_manage,
        "has_totp": services.user_has_totp(target),
        "locks": user_locks(target.username),
        # The keys, like the form to issue one, are for whoever manages the account only.
        "api_keys": _api_key_rows(target) if can_manage else [],
        "key_form": key_form if can_manage else None,
    }
    return render(request, "accounts/user_detail.html", context)


def _api_key_rows(target: User) -> list[dict[str, Any]]:
    now = timezone.now()
    rows = []
    for token in selectors.api_tokens_of(target):
        if token.revoked_at is not None:
            state = "revoked"
        elif token.expires_at <= now:
            state = "expired"
        else:
            state = "active"
        # A key issued "until 31/12" expires at midnight that ends the day: show the day.
        rows.append({"token": token, "state": state,
                     "valid_until": token.expires_at - datetime.timedelta(seconds=1)})
    return rows


# Where the session remembers the forms that issued a key (their `once` marks), so that
# the browser's reload of the page showing a key does not issue another one.
_ISSUED_FORMS = "api_key_forms_issued"


@login_required
@require_POST
def api_key_issue(request: Request, pk: int) -> HttpResponse:
    """Issue a key and show it in this response, once: never through a redirect, which
    would put it in an address or keep it in the session."""
    require(request.user, Action.USER_MANAGE)
    target = selectors.user_get_for_user(request.user, pk, Action.USER_MANAGE)
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        issued: list[str] = request.session.get(_ISSUED_FORMS, [])
        if data["once"] and data["once"] in issued:
            messages.warning(request, _(
                "That key was issued already and cannot be shown again. If it was not "
                "copied, revoke it and issue a new one."))
            return redirect(reverse("users:detail", args=[target.pk]) + "#api-keys")
        try:
            token, key = token_services.api_token_issue(
                actor=request.user, user=target, name=data["name"],
                expires_on=data["expires_on"], read_only=data["read_only"])
        except (ValidationError, PermissionDenied) as error:
            add_service_errors(form, error)
        else:
            if data["once"]:
                request.session[_ISSUED_FORMS] = [*issued[-19:], data["once"]]
            context = {
                "target": target, "token": token, "key": key,
                "valid_until": token.expires_at - datetime.timedelta(seconds=1),
                "units_url": request.build_absolute_uri(reverse("api:unit_list")),
                "docs_url": reverse("api:docs"),
            }
            response = render(request, "accounts/api_key_issued.html", context)
            # The middleware says the same for every signed-in page; this page must not
            # depend on it: the key is in it.
            response["Cache-Control"] = "no-store, private"
            return response
    return _detail_page(request, target, can_manage=True,
                        form=_role_form(request, RoleScopeFields, bound=False), key_form=form)


@login_required
@require_POST
def api_key_revoke(request: Request, pk: int, key_pk: int) -> HttpResponse:
    require(request.user, Action.USER_MANAGE)
    token = selectors.api_token_get_for_user(request.user, pk, key_pk)
    target = token.user
    token_services.api_token_revoke(actor=request.user, token=token)
    notice = _("Key %(key)s revoked: the API refuses it from now on.") % {"key": token}
    if request.htmx:
        # The table again, in place: a redirect to the page the user is on, with only its
        # #fragment new, would not even reload it.
        return render(request, "accounts/user_detail.html#api-key-table",
                      {"target": target, "api_keys": _api_key_rows(target), "notice": notice})
    messages.success(request, notice)
    return redirect(reverse("users:detail", args=[target.pk]) + "#api-keys")


@login_required
@require_POST
def role_revoke(request: Request, pk: int) -> HttpResponse:
    assignment = selectors.role_assignment_get_for_user(request.user, pk, Action.USER_MANAGE)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("users:detail", pk=assignment.user_id)


@login_required
@require_POST
def user_set_active(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk, Action.USER_MANAGE)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Account activated.") if active else _("Account deactivated.")
        )
    return redirect("users:detail", pk=target.pk)


@login_required
def user_set_password(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk, Action.USER_MANAGE)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=target, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            messages.success(request, _("New password set. The user's sessions have ended."))
            return redirect("users:detail", pk=target.pk)
    return render(request, "accounts/user_set_password.html", {"target": target, "form": form})


@login_required
@require_POST
def user_reset_two_factor(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk, Action.USER_MANAGE)
    services.user_reset_two_factor(actor=request.user, user=target)
    messages.success(
        request, _("Two-factor login removed. The user sets it up again at the next login.")
    )
    return redirect("users:detail", pk=target.pk)


@login_required
@require_POST
def user_unlock(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_get_for_user(request.user, pk, Action.USER_MANAGE)
    services.user_unlock(actor=request.user, user=target)
    messages.success(request, _("The account is unlocked."))
    return redirect("users:detail", pk=target.pk)
