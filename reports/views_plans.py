"""Pages of the plans: list, tasks by section and body, the signed plan's number and date,
XLSX import and its template."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import Request
from accounts.permissions import Action, can, require
from core.forms import add_service_errors
from core.imports import ImportErrors, RowError
from core.spreadsheets import XLSX_CONTENT_TYPE
from reports import plan_io, plan_selectors, plan_services
from reports.forms_plans import PlanIdentityForm, PlanImportForm, PlanTaskFilterForm
from reports.models import PlanTask


@login_required
@require_GET
def plan_list(request: Request) -> HttpResponse:
    require(request.user, Action.PLAN_VIEW)
    context = {
        "plans": plan_selectors.plan_list(request.user).order_by("-year_to", "number"),
        "can_manage": can(request.user, Action.PLAN_MANAGE),
    }
    return render(request, "reports/plan_list.html", context)


@login_required
@require_GET
def plan_detail(request: Request, pk: int) -> HttpResponse:
    plan = plan_selectors.plan_get_for_user(request.user, pk)
    bodies = plan_selectors.plan_bodies(plan)
    filters = PlanTaskFilterForm(request.GET or None, bodies=bodies)
    code = filters.cleaned_data["body"] if filters.is_valid() else ""
    body = next((a for a in bodies if a.code == code), None) if code else None
    tasks = list(plan_selectors.plan_tasks(plan, agency=body))
    context = {
        "plan": plan, "filters": filters, "body": body, "task_count": len(tasks),
        "request_count": sum(1 for t in tasks if t.kind == PlanTask.Kind.REQUEST),
        "can_manage": can(request.user, Action.PLAN_MANAGE),
        "sections": [(section, list(items))
                     for section, items in groupby(tasks, key=lambda t: t.section)],
    }
    template = "reports/plan_detail.html"
    if request.htmx:
        template += "#plan-tasks"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: Request) -> HttpResponse:
    require(request.user, Action.PLAN_MANAGE)
    province = plan_selectors.plan_import_province(request.user)
    # Bound on every POST, even an empty one, so a missing file is reported.
    posted = request.method == "POST"
    form = PlanImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors: list[RowError] = []
    if posted and form.is_valid() and province is not None:
        try:
            plan = plan_services.plan_import(actor=request.user, province=province,
                                             uploaded_file=form.cleaned_data["file"])
        except ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Plan %(number)s imported with %(count)d tasks.")
                             % {"number": plan.number, "count": plan.tasks.count()})
            return redirect("reports:plan_detail", pk=plan.pk)
    context = {"form": form, "errors": errors, "province": province,
               "max_rows": plan_io.MAX_ROWS}
    return render(request, "reports/plan_import.html", context)


@login_required
@require_GET
def plan_template(request: Request) -> HttpResponse:
    require(request.user, Action.PLAN_MANAGE)
    response = HttpResponse(plan_io.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-ke-hoach.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: Request, pk: int) -> HttpResponse:
    """The signed plan's number and date, which every document cites."""
    plan = plan_selectors.plan_get_for_user(request.user, pk)
    require(request.user, Action.PLAN_MANAGE)
    initial = {"number": plan.number if plan.has_number else "", "issued_on": plan.issued_on,
               "signer": plan.signer}
    form = PlanIdentityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.plan_identity_update(
                actor=request.user, plan=plan, number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"], signer=form.cleaned_data["signer"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan's number and date were saved."))
            return redirect("reports:plan_detail", pk=plan.pk)
    return render(request, "reports/plan_edit.html", {
        "plan": plan, "form": form, "history": plan_selectors.plan_history(plan)})
