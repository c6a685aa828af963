"""The periods page, a body's report form with its review, the timeliness board and the
user's notifications. Every action works as a plain POST followed by a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import Request
from accounts.permissions import Action, can, require
from core.forms import add_service_errors
from core.spreadsheets import XLSX_CONTENT_TYPE
from reports import report_selectors as sel
from reports import report_services as svc
from reports import services as period_services
from reports.forms_reports import (
    AdHocForm,
    AttachForm,
    ItemForm,
    OpenPeriodForm,
    ReportForm,
    ReturnForm,
)
from reports.models import Report


@login_required
def periods(request: Request) -> HttpResponse:
    user = request.user
    require(user, Action.REPORT_VIEW)
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "is_city": sel.is_city(user)}
    if context["is_city"]:
        context["periods"] = sel.periods_with_counts(user)
        context["plans"] = list(sel.plans_for_review(user))
        context["can_review"] = can(user, Action.REPORT_REVIEW)
        context["ad_hoc"] = AdHocForm()
    else:
        context["reports"] = sel.reports_for_user(user)
    return render(request, "reports/periods.html", context)


@login_required
@require_POST
def period_open(request: Request) -> HttpResponse:
    plan = sel.plan_for_review(request.user, int(request.POST.get("plan") or 0))
    form = OpenPeriodForm(request.POST)
    if form.is_valid():
        period = period_services.period_open_regular(
            plan=plan, kind=form.cleaned_data["kind"], year=timezone.localdate().year,
            actor=request.user)
        messages.success(request, _("Period “%(p)s” is open.") % {"p": period})
    return redirect("reports:periods")


@login_required
def period_ad_hoc(request: Request) -> HttpResponse:
    require(request.user, Action.REPORT_REVIEW)
    form = AdHocForm(request.POST or None)
    plans = list(sel.plans_for_review(request.user))
    if request.method == "POST" and form.is_valid():
        plan = sel.plan_for_review(request.user, int(request.POST.get("plan") or 0))
        try:
            period = period_services.period_open_ad_hoc(
                actor=request.user, plan=plan, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Period “%(p)s” is open.") % {"p": period})
            return redirect("reports:periods")
    return render(request, "reports/periods_ad_hoc.html", {"form": form, "plans": plans})


def _item_forms(request: Request, items: list[Any]) -> list[tuple[Any, ItemForm]]:
    data = request.POST if request.method == "POST" else None
    return [(item, ItemForm(data, prefix=f"item-{item.pk}", initial={
        f: getattr(item, f) for f in svc.ITEM_FIELDS})) for item in items]


def _inputs(pairs: list[tuple[Any, ItemForm]]) -> dict[int, svc.ItemInput]:
    return {item.pk: svc.ItemInput(**{f: form.cleaned_data.get(f) or "" for f in svc.ITEM_FIELDS})
            for item, form in pairs}


@login_required
def report(request: Request, pk: int) -> HttpResponse:
    obj = sel.report_get_for_user(request.user, pk)
    items = sel.report_items(obj)
    form = ReportForm(request.POST if request.method == "POST" else None,
                      initial={"revision": obj.revision, "summary": obj.summary})
    pairs = _item_forms(request, items)
    if request.method == "POST":
        require(request.user, Action.REPORT_EDIT, obj)
        if form.is_valid() and all(f.is_valid() for _i, f in pairs):
            action = svc.report_submit if "submit" in request.POST else svc.report_save
            try:
                action(actor=request.user, report=obj, revision=form.cleaned_data["revision"],
                       summary=form.cleaned_data["summary"], items=_inputs(pairs))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Report submitted.") if "submit" in request.POST
                                 else _("Draft saved."))
                return redirect("reports:report", pk=obj.pk)
    return _render_report(request, obj, form, pairs)


def _render_report(request: Request, obj: Report, form: ReportForm,
                   pairs: list[tuple[Any, ItemForm]], return_form: Any = None) -> HttpResponse:
    today = timezone.localdate()
    days = (obj.period.due_date - today).days
    editable = obj.is_editable and can(request.user, Action.REPORT_EDIT, obj)
    rows = [{"item": item, "form": f,
             "role": _("Lead") if item.task.lead_id == obj.agency_id else _("Coordinating")}
            for item, f in pairs]
    return render(request, "reports/report_form.html", {
        "report": obj, "form": form, "rows": rows, "editable": editable,
        "days": days, "overdue": -days, "lock": svc.report_lock_reason(obj),
        "can_review": obj.state == Report.State.SUBMITTED
        and can(request.user, Action.REPORT_REVIEW, obj),
        "return_form": return_form or ReturnForm(None),
        "attach_form": AttachForm(), "attachments": obj.attachments.all(),
    })


@login_required
@require_POST
def report_attach(request: Request, pk: int) -> HttpResponse:
    obj = sel.report_get_for_user(request.user, pk, Action.REPORT_EDIT)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.report_attach(actor=request.user, report=obj,
                              uploaded_file=form.cleaned_data["file"],
                              description=form.cleaned_data["description"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("reports:report", pk=obj.pk)


@login_required
@require_POST
def report_return(request: Request, pk: int) -> HttpResponse:
    obj = sel.report_get_for_user(request.user, pk, Action.REPORT_REVIEW)
    return_form = ReturnForm(request.POST)
    if return_form.is_valid():
        try:
            svc.report_return(actor=request.user, report=obj,
                              comment=return_form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(return_form, error)
        else:
            messages.success(request, _("Report returned to the body."))
            return redirect("reports:report", pk=obj.pk)
    form = ReportForm(initial={"revision": obj.revision, "summary": obj.summary})
    request.method = "GET"  # the item forms show the stored report, not the comment POST
    pairs = _item_forms(request, sel.report_items(obj))
    return _render_report(request, obj, form, pairs, return_form)


@login_required
@require_POST
def report_accept(request: Request, pk: int) -> HttpResponse:
    obj = sel.report_get_for_user(request.user, pk, Action.REPORT_REVIEW)
    try:
        svc.report_accept(actor=request.user, report=obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report accepted."))
    return redirect("reports:report", pk=obj.pk)


@login_required
def board(request: Request, pk: int) -> HttpResponse:
    period = sel.period_board_get_for_user(request.user, pk)
    return render(request, "reports/board.html", {
        "period": period, "board": sel.board_for(request.user, period),
        "today": timezone.localdate()})


@login_required
def overdue_xlsx(request: Request, pk: int) -> HttpResponse:
    period = sel.period_board_get_for_user(request.user, pk)
    data = svc.overdue_xlsx(actor=request.user, period=period,
                            reports=sel.board_for(request.user, period).overdue,
                            today=timezone.localdate())
    response = HttpResponse(
        data, content_type=XLSX_CONTENT_TYPE)
    name = f"danh-sach-chua-bao-cao-{period.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def notifications(request: Request) -> HttpResponse:
    items = sel.notifications_for(request.user)
    unread = {n.pk for n in items if n.read_at is None}
    # Opening the list is reading it; the bold marks what was new on this visit.
    svc.notifications_mark_read(user=request.user)
    return render(request, "reports/report_notifications.html",
                  {"notifications": items, "unread": unread})
