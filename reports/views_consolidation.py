"""The consolidated city report of a period, and the leaders' progress matrix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import Request
from accounts.permissions import Action, can
from core.documents import DOCX_CONTENT_TYPE
from core.forms import add_service_errors
from core.imports import is_ascii_number
from reports import consolidation
from reports import consolidation_selectors as selectors
from reports.forms_consolidation import ConsolidatedForm, ProgressFilterForm
from reports.models import ConsolidatedReport, ReportingPeriod


def _existing(period: ReportingPeriod) -> ConsolidatedReport | None:
    try:
        return period.consolidated
    except ConsolidatedReport.DoesNotExist:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def consolidated(request: Request, pk: int) -> HttpResponse:
    action = Action.REPORT_REVIEW if request.method == "POST" else Action.REPORT_VIEW
    period = selectors.period_get_for_user(request.user, pk, action)
    report = _existing(period)
    can_edit = can(request.user, Action.REPORT_REVIEW, period.plan.province)
    form = None
    if report is not None:
        initial = {name: getattr(report, name) for name in consolidation.SECTIONS}
        initial["version"] = consolidation.version_of(report)
        form = ConsolidatedForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None or report is None:
            messages.error(request, _("Draft the report first."))
            return redirect("reports:consolidated", pk=period.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consolidation.consolidated_save(
                    actor=request.user, consolidated=report, version=data["version"],
                    **{name: data[name] for name in consolidation.SECTIONS},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Consolidated report saved."))
                return redirect("reports:consolidated", pk=period.pk)
    return render(request, "reports/consolidated.html", {
        "period": period, "report": report, "form": form, "can_edit": can_edit,
        "timeliness": consolidation.timeliness(period),
    })


@login_required
@require_http_methods(["GET", "POST"])
def consolidated_redraft(request: Request, pk: int) -> HttpResponse:
    """Draft from the reports; over an existing text only once the user confirms."""
    period = selectors.period_get_for_user(request.user, pk, Action.REPORT_REVIEW)
    existing = _existing(period)
    if request.method == "POST" and (existing is None or request.POST.get("confirm") == "yes"):
        consolidation.consolidated_draft(period=period, redraft=True, actor=request.user)
        messages.success(request, _("Drafted from the reports."))
        return redirect("reports:consolidated", pk=period.pk)
    return render(request, "reports/consolidated_redraft.html", {
        "period": period, "report": existing,
        "not_confirmed": request.method == "POST",
    })


@login_required
def consolidated_docx(request: Request, pk: int) -> HttpResponse:
    period = selectors.period_get_for_user(request.user, pk, Action.REPORT_VIEW)
    report = _existing(period)
    if report is None:
        raise Http404
    response = HttpResponse(consolidation.consolidated_docx(report, request.user),
                            content_type=DOCX_CONTENT_TYPE)
    filename = consolidation.consolidated_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def progress(request: Request) -> HttpResponse:
    if not selectors.is_city_reader(request.user):
        raise PermissionDenied
    plans = selectors.plans_for_user(request.user)
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")),
                plans[0] if plans else None)
    context: dict = {"plans": plans, "plan": plan}
    if plan is not None:
        raw = request.GET
        body_id = raw.get("body", "")
        data = selectors.progress_matrix(
            plan=plan, body_id=int(body_id) if is_ascii_number(body_id) else None,
            section=raw.get("section", ""),
        )
        filters = ProgressFilterForm(raw or None, bodies=data.bodies, sections=data.sections)
        if raw and not filters.is_valid():
            # An unknown body or section (a stale link) shows everything rather than fail.
            data = selectors.progress_matrix(plan=plan)
        context.update({"data": data, "filters": filters})
    template = "reports/progress.html"
    if request.htmx:
        template += "#progress-table"
    return render(request, template, context)
