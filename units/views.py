from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import Action, can
from units import selectors
from units.forms import UnitFilterForm


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.UNIT_VIEW):
        raise PermissionDenied
    filters = UnitFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    units = selectors.unit_list(actor=request.user, q=params.get("q", ""),
                                kind=params.get("kind", ""))
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    template = "units/unit_list.html#unit-table" if request.htmx else "units/unit_list.html"
    return render(request, template, {"filters": filters, "page": page})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(request.user, code)
    context = {
        "unit": unit,
        "groups": selectors.residential_groups(unit) if unit.is_commune_level else None,
        "predecessors": selectors.lineage(unit).exclude(pk=unit.pk).order_by("code"),
        "can_manage_groups": can(request.user, Action.UNIT_MANAGE_GROUPS, unit),
    }
    return render(request, "units/unit_detail.html", context)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.AGENCY_VIEW):
        raise PermissionDenied
    return render(request, "units/agency_list.html",
                  {"agencies": selectors.agency_list(actor=request.user)})
