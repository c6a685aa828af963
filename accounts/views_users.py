"""Screens for the city coordinator: create users, grant and revoke roles, deactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import RoleScopeFields, SetPasswordForm, UserCreateForm, UserFilterForm
from accounts.http import Request
from accounts.lockout import user_locks
from accounts.permissions import Action, assignable_roles, can, require
from core.forms import add_service_errors


def _role_form(request: Request, form_class: type[RoleScopeFields]) -> RoleScopeFields:
    return form_class(
        request.POST or None,
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
    context = {
        "target": target,
        "assignments": selectors.role_assignments_of(target),
        "form": form,
        "can_manage": can_manage,
        "has_totp": services.user_has_totp(target),
        "locks": user_locks(target.username),
    }
    return render(request, "accounts/user_detail.html", context)


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
