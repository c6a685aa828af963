from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import Request
from accounts.permissions import Action, can, require
from core.spreadsheets import XLSX_CONTENT_TYPE
from facilities import (
    headquarters_io,
    headquarters_rules,
    headquarters_selectors,
    headquarters_services,
)
from facilities.forms_headquarters import (
    HeadquartersFilterForm,
    HeadquartersForm,
    HeadquartersImportForm,
    ProjectForm,
)
from facilities.selectors import headquarters_on


def _add_errors(form: Form, exc: ValidationError) -> None:
    """Errors the service found after the form passed (a race, a rule the form lacks)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def headquarters_list(request: Request) -> HttpResponse:
    require(request.user, Action.FACILITY_VIEW)
    filters = HeadquartersFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    rows = headquarters_selectors.headquarters_list(
        actor=request.user, day=today, status=params.get("status", ""),
        has_project=params.get("has_project", ""))
    template = "facilities/hq_list.html#hq-table" if request.htmx else "facilities/hq_list.html"
    return render(request, template, {
        "filters": filters, "rows": rows, "today": today,
        "can_import": can(request.user, Action.FACILITY_EDIT),
    })


@login_required
def ward_facilities(request: Request, code: str) -> HttpResponse:
    ward = headquarters_selectors.ward_get_for_user(request.user, code)
    today = timezone.localdate()
    return render(request, "facilities/hq_ward.html", {
        "ward": ward,
        "today": today,
        "current": headquarters_on(ward, today),
        "history": headquarters_selectors.headquarters_history(ward),
        "projects": headquarters_selectors.ward_projects(ward),
        "can_edit": can(request.user, Action.FACILITY_EDIT, ward),
    })


def _initial_from(record: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"valid_from": timezone.localdate()}
    if record is not None:
        for field in headquarters_rules.HQ_FIELDS:
            if field != "valid_from":
                initial[field] = getattr(record, field)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def headquarters_update(request: Request, code: str) -> HttpResponse:
    ward = headquarters_selectors.ward_get_for_user(request.user, code, Action.FACILITY_EDIT)
    latest = headquarters_on(ward, timezone.localdate())
    form = HeadquartersForm(request.POST or None, request.FILES or None,
                            initial=_initial_from(latest))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            headquarters_services.headquarters_record(
                actor=request.user, ward=ward,
                photos=data["photos"],
                **{field: data[field] for field in headquarters_rules.HQ_FIELDS},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The headquarters situation as of %(day)s is recorded.")
                             % {"day": f"{data['valid_from']:%d/%m/%Y}"})
            return redirect("facilities:ward", code=ward.code)
    return render(request, "facilities/hq_update.html",
                  {"ward": ward, "form": form, "latest": latest})


def _project_form(request: Request, ward: Any, project: Any = None) -> HttpResponse:
    initial = {f: getattr(project, f) for f in headquarters_rules.PROJECT_FIELDS} if project else {}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                project = headquarters_services.project_create(
                    actor=request.user, ward=ward, data=form.cleaned_data)
            else:
                project = headquarters_services.project_update(
                    actor=request.user, project=project, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The project is saved."))
            for warning in headquarters_rules.project_warnings(project):
                messages.warning(request, warning)
            return redirect("facilities:ward", code=ward.code)
    return render(request, "facilities/project_form.html",
                  {"ward": ward, "form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: Request, code: str) -> HttpResponse:
    ward = headquarters_selectors.ward_get_for_user(request.user, code, Action.FACILITY_EDIT)
    return _project_form(request, ward)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: Request, pk: int) -> HttpResponse:
    project = headquarters_selectors.project_get_for_user(request.user, pk, Action.FACILITY_EDIT)
    return _project_form(request, project.ward, project)


@login_required
def headquarters_export(request: Request) -> HttpResponse:
    require(request.user, Action.FACILITY_VIEW)
    today = timezone.localdate()
    response = HttpResponse(headquarters_io.export_headquarters(actor=request.user, day=today),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tru-so-{today:%Y%m%d}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def headquarters_import(request: Request) -> HttpResponse:
    require(request.user, Action.FACILITY_EDIT)
    form = HeadquartersImportForm(request.POST or None, request.FILES or None)
    errors: list[headquarters_io.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = headquarters_services.headquarters_import(
                actor=request.user, uploaded_file=form.cleaned_data["file"])
        except headquarters_io.ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _(
                "Imported headquarters records: %(created)d added, %(updated)d updated, "
                "%(unchanged)d unchanged, %(skipped)d wards left blank."
            ) % {"created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged, "skipped": result.skipped})
            return redirect("facilities:list")
    return render(request, "facilities/hq_import.html", {"form": form, "errors": errors})
