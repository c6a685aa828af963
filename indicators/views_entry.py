from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import Request
from accounts.permissions import Action, require
from core.imports import MAX_ROWS, RowError
from core.spreadsheets import XLSX_CONTENT_TYPE
from indicators import entry_selectors as selectors
from indicators import entry_services as services
from indicators.forms_entry import (
    IndicatorImportForm,
    MonthlyEntryForm,
    MonthPickerForm,
    month_from_query,
)


def _last_month() -> date:
    today = timezone.localdate().replace(day=1)
    return (today.replace(year=today.year - 1, month=12) if today.month == 1
            else today.replace(month=today.month - 1))


@login_required
def definitions(request: Request) -> HttpResponse:
    require(request.user, Action.INDICATOR_VIEW)
    context = {"definitions": selectors.definition_list(actor=request.user)}
    return render(request, "indicators/definitions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: Request, code: str) -> HttpResponse:
    ward = selectors.entry_ward_get_for_user(request.user, code)
    month_text = request.GET.get("month", "")
    month = month_from_query(month_text) if month_text else _last_month()
    month_error = ""
    if month is None:
        month_error = _("“%(value)s” is not a month; pick one from the calendar.") % {
            "value": month_text[:20]}
    elif month > timezone.localdate().replace(day=1):
        month_error = _("%(month)s has not happened yet; figures are entered after the "
                        "month.") % {"month": f"{month:%m/%Y}"}
    if month_error:
        picker = MonthPickerForm({"month": month_text})
        picker.is_valid()
        picker.add_error("month", month_error)
        context = {"ward": ward, "picker": picker, "month": None}
        return render(request, "indicators/entry.html", context)
    assert month is not None
    indicators = selectors.entry_indicators()
    values = selectors.ward_month_values(ward, month)
    form = MonthlyEntryForm(request.POST or None, indicators=indicators, values=values)
    computed_errors: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.monthly_entry_save(actor=request.user, ward=ward, month=month,
                                                  indicators=indicators, raw=form.raw())
        except services.EntryErrors as exc:
            for field, message in exc.errors.items():
                if field in form.fields or not field:
                    form.add_error(field or None, message)
                else:  # a rate is not a field: its refusal is shown beside the figure
                    computed_errors[field] = message
        else:
            messages.success(request, _("Figures of %(month)s saved (%(n)d changed).")
                             % {"month": f"{month:%m/%Y}", "n": changed})
            return redirect(f"{request.path}?month={month:%Y-%m}")
    picker = MonthPickerForm(initial={"month": f"{month:%Y-%m}"})
    rows: list[dict[str, Any]] = []
    for indicator in indicators:
        if indicator.is_computed:
            rows.append({"indicator": indicator, "field": None,
                         "computed": selectors.computed_value(indicator, values),
                         "error": computed_errors.get(indicator.code, "")})
        else:
            rows.append({"indicator": indicator, "field": form[indicator.code],
                         "computed": None})
    context = {"ward": ward, "picker": picker, "month": month, "form": form, "rows": rows,
               "has_computed_errors": bool(computed_errors),
               "error_count": len(form.errors) + len(computed_errors)}
    return render(request, "indicators/entry.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_values(request: Request) -> HttpResponse:
    require(request.user, Action.INDICATOR_EDIT)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.indicator_values_import(
                actor=request.user, uploaded_file=form.cleaned_data["file"])
        except services.ImportErrors as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Imported %(rows)d figures (%(changed)d changed).")
                             % {"rows": result.rows, "changed": result.changed})
            return redirect("indicators:import")
    context = {
        "form": form,
        "errors": errors,
        "max_rows": MAX_ROWS,
        "wards": selectors.editable_wards(request.user)[:200],
        "indicators": [i for i in selectors.entry_indicators() if not i.is_computed],
    }
    return render(request, "indicators/entry_import.html", context)


@login_required
def import_template_csv(request: Request) -> HttpResponse:
    require(request.user, Action.INDICATOR_EDIT)
    response = HttpResponse(services.import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chi-tieu.csv"'
    return response


@login_required
def import_template_xlsx(request: Request) -> HttpResponse:
    require(request.user, Action.INDICATOR_EDIT)
    body = services.import_template_xlsx(selectors.entry_indicators())
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="chi-tieu.xlsx"'
    return response
