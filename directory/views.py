from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import Request
from accounts.permissions import Action, can, require
from core import imports
from core.forms import add_service_errors
from core.spreadsheets import XLSX_CONTENT_TYPE
from directory import selectors
from directory.forms import GroupsImportForm, GroupsMergeForm, GroupSplitForm, UnitFilterForm
from units import groups_io, services
from units.models import OrgUnit
from units.selectors import lineage, residential_groups


@login_required
def unit_list(request: Request) -> HttpResponse:
    require(request.user, Action.UNIT_VIEW)
    filters = UnitFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    units = selectors.unit_list(actor=request.user, q=params.get("q", ""),
                                kind=params.get("kind", ""))
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    template = "units/unit_list.html#unit-table" if request.htmx else "units/unit_list.html"
    return render(request, template, {"filters": filters, "page": page})


@login_required
def unit_detail(request: Request, code: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(request.user, code)
    context = {
        "unit": unit,
        "groups": residential_groups(unit) if unit.is_commune_level else None,
        "predecessors": lineage(unit).exclude(pk=unit.pk).order_by("code"),
        "can_manage_groups": (
            unit.is_commune_level and unit.is_current
            and can(request.user, Action.UNIT_MANAGE_GROUPS, unit)
        ),
    }
    return render(request, "units/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def groups_import(request: Request, code: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(request.user, code, Action.UNIT_MANAGE_GROUPS)
    if not unit.is_commune_level or not unit.is_current:
        raise Http404  # only current wards, communes and special zones have groups
    form = GroupsImportForm(request.POST or None, request.FILES or None)
    errors: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.residential_groups_import(
                actor=request.user, ward=unit, uploaded_file=form.cleaned_data["file"]
            )
        except services.ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _(
                "Imported residential groups: %(created)d added, %(updated)d updated, "
                "%(unchanged)d unchanged. %(kept)d groups not in the file were left as they were."
            ) % {"created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged, "kept": result.not_in_file})
            return redirect("units:detail", code=unit.code)
    context = {
        "unit": unit,
        "form": form,
        "errors": errors,
        "max_rows": imports.MAX_ROWS,
        "existing_count": residential_groups(unit).count(),
    }
    return render(request, "units/groups_import.html", context)


def _managed_ward(request: Request, code: str) -> OrgUnit:
    unit = selectors.unit_get_for_user(request.user, code, Action.UNIT_MANAGE_GROUPS)
    if not unit.is_commune_level or not unit.is_current:
        raise Http404  # only current wards, communes and special zones have groups
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def group_split(request: Request, code: str, group: str) -> HttpResponse:
    unit = _managed_ward(request, code)
    target = residential_groups(unit).filter(code=group).first()
    if target is None:
        raise Http404
    form = GroupSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.residential_group_split(
                actor=request.user, group=target, parts=form.parts(),
                effective_date=form.cleaned_data["effective_date"],
                legal_basis=form.cleaned_data["legal_basis"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(group)s was split.") % {"group": target.name})
            return redirect("units:detail", code=unit.code)
    return render(request, "units/group_split.html",
                  {"unit": unit, "group": target, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def groups_merge(request: Request, code: str) -> HttpResponse:
    unit = _managed_ward(request, code)
    form = GroupsMergeForm(request.POST or None, groups=residential_groups(unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_merge(actor=request.user, predecessors=list(data["groups"]),
                                successor=data["keep"], effective_date=data["effective_date"],
                                legal_basis=data["legal_basis"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The groups were merged into %(group)s.") % {
                "group": data["keep"].name})
            return redirect("units:detail", code=unit.code)
    return render(request, "units/groups_merge.html", {"unit": unit, "form": form})


def _may_import_somewhere(request: Request) -> None:
    require(request.user, Action.UNIT_MANAGE_GROUPS)


@login_required
def groups_template_csv(request: Request) -> HttpResponse:
    _may_import_somewhere(request)
    response = HttpResponse(groups_io.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="to-dan-pho.csv"'
    return response


@login_required
def groups_template_xlsx(request: Request) -> HttpResponse:
    _may_import_somewhere(request)
    response = HttpResponse(groups_io.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="to-dan-pho.xlsx"'
    return response


@login_required
def agency_list(request: Request) -> HttpResponse:
    require(request.user, Action.AGENCY_VIEW)
    return render(request, "units/agency_list.html",
                  {"agencies": selectors.agency_list(actor=request.user),
                   "ward_committees": selectors.ward_committee_count(actor=request.user)})
