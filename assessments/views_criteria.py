"""Criteria sets: list, read, import from XLSX, replace, export, copy into a version, edit."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import Request
from accounts.permissions import Action, can, require
from assessments import criteria_io, criteria_services
from assessments.criteria_selectors import (
    criteria_set_get_for_user,
    criteria_set_list,
    criteria_set_lock,
    criteria_set_total_score,
    criteria_tree,
)
from assessments.forms_criteria import CriteriaFileForm, CriteriaSetForm
from assessments.models import CriteriaSet
from core.forms import add_service_errors
from core.imports import ImportErrors, RowError
from core.spreadsheets import XLSX_CONTENT_TYPE


def _go(request: Request, url: str) -> HttpResponse:
    """After a write: a full page change, also when the form was posted by HTMX."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    if getattr(error, "code", None) == "locked":
        return  # the page shows the lock and why, in place of the form's errors
    add_service_errors(form, error)

def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def criteria_list(request: Request) -> HttpResponse:
    require(request.user, Action.CRITERIA_VIEW)
    context = {
        "criteria_sets": criteria_set_list(actor=request.user),
        "can_manage": can(request.user, Action.CRITERIA_MANAGE),
    }
    return render(request, "assessments/criteria_list.html", context)


@login_required
@require_GET
def criteria_detail(request: Request, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(request.user, pk)
    context = {
        "criteria_set": criteria_set,
        "tree": criteria_tree(criteria_set),
        "total_score": criteria_set_total_score(criteria_set),
        "lock": criteria_set_lock(criteria_set),
        "can_manage": can(request.user, Action.CRITERIA_MANAGE, criteria_set),
    }
    return render(request, "assessments/criteria_detail.html", context)


def _import_page(request: Request, criteria_set: CriteriaSet | None) -> HttpResponse:
    form = (CriteriaFileForm(request.POST, request.FILES) if request.method == "POST"
            else CriteriaFileForm())
    problems: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            if criteria_set is None:
                created = criteria_services.criteria_set_import(actor=request.user, data=data)
                messages.success(request, _("The criteria set was imported: %(count)s "
                                            "criteria.") % {"count": created.criteria.count()})
                return _go(request, reverse("criteria:detail", args=[created.pk]))
            result = criteria_services.criteria_set_replace(
                actor=request.user, criteria_set=criteria_set, data=data
            )
        except ImportErrors as invalid:
            problems = invalid.errors
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            notice = _("The contents were replaced from the file.")
            if result.values_cleared:
                notice += " " + _("%(count)s values in draft dossiers were cleared because "
                                  "their criterion was removed or changed.") % {
                    "count": result.values_cleared}
            messages.success(request, notice)
            return _go(request, reverse("criteria:detail", args=[criteria_set.pk]))
    lock = criteria_set_lock(criteria_set) if criteria_set else None
    context = {"form": form, "problems": problems, "criteria_set": criteria_set, "lock": lock,
               "columns": criteria_io.COLUMNS, "set_fields": criteria_io.SET_FIELDS}
    template = "assessments/criteria_import.html"
    if request.htmx:
        template += "#import-form"
    return render(request, template, context)


@login_required
def criteria_import(request: Request) -> HttpResponse:
    require(request.user, Action.CRITERIA_MANAGE)
    return _import_page(request, None)


@login_required
def criteria_replace(request: Request, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(request.user, pk, Action.CRITERIA_MANAGE)
    return _import_page(request, criteria_set)


@login_required
@require_GET
def criteria_template(request: Request) -> HttpResponse:
    require(request.user, Action.CRITERIA_VIEW)
    return _xlsx(criteria_io.template_xlsx(), "mau-bo-tieu-chi.xlsx")


@login_required
@require_GET
def criteria_export(request: Request, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(request.user, pk)
    filename = f"bo-tieu-chi-{criteria_set.pk}-v{criteria_set.version}.xlsx"
    return _xlsx(criteria_io.export_xlsx(criteria_set), filename)


@login_required
@require_POST
def criteria_copy(request: Request, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(request.user, pk, Action.CRITERIA_MANAGE)
    copy = criteria_services.criteria_set_copy(actor=request.user, criteria_set=criteria_set)
    messages.success(request, _("Version %(version)s was created from version %(previous)s; "
                                "it can be changed.")
                     % {"version": copy.version, "previous": criteria_set.version})
    return _go(request, reverse("criteria:detail", args=[copy.pk]))


@login_required
def criteria_edit(request: Request, pk: int) -> HttpResponse:
    criteria_set = criteria_set_get_for_user(request.user, pk, Action.CRITERIA_MANAGE)
    initial = {
        "name": criteria_set.name, "legal_basis_number": criteria_set.legal_basis_number,
        "legal_basis_date": criteria_set.legal_basis_date, "year_from": criteria_set.year_from,
        "year_to": criteria_set.year_to,
        # 80, not 80,00: the mark as officials write it.
        "pass_score": (criteria_set.pass_score.quantize(Decimal(1))
                       if criteria_set.pass_score == criteria_set.pass_score.to_integral()
                       else criteria_set.pass_score),
    }
    form = CriteriaSetForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_services.criteria_set_update(actor=request.user, criteria_set=criteria_set,
                                                  **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The criteria set was saved."))
            return redirect("criteria:detail", pk=criteria_set.pk)
    context = {"form": form, "criteria_set": criteria_set, "lock": criteria_set_lock(criteria_set)}
    return render(request, "assessments/criteria_edit.html", context)
