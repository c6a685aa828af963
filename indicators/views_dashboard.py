"""The city dashboard, the ward dashboard and the drill-down to the stored values."""

from __future__ import annotations

import csv
from itertools import chain
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import Request
from accounts.permissions import Action, can
from core import charts as charts_lib
from core.spreadsheets import XLSX_CONTENT_TYPE
from indicators import dashboard_selectors as sel
from indicators import entry_services

MONTH_LABELS = [f"{m:02d}" for m in range(1, 13)]


def _int(raw: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if low <= value <= high else default


def _values_url(**params: Any) -> str:
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return reverse("indicators:values") + ("?" + urlencode(query) if query else "")


def _unit(indicator: sel.IndicatorDefinition) -> str:
    return "%" if indicator.is_computed else (indicator.unit or indicator.name)


@login_required
@require_GET
def dashboard(request: Request) -> HttpResponse:
    today = timezone.localdate()
    province = sel.dashboard_province_for_user(request.user, request.GET.get("province", ""))
    if province is None:
        code = sel.own_ward_code(request.user)
        if code:
            return redirect("indicators:ward", code=code)
        return render(request, "indicators/dashboard.html", {"province": None}, status=404)
    year = _int(request.GET.get("year"), today.year, 2000, today.year + 1) or today.year
    indicators = sel.indicator_list()
    chosen = sel.indicator_pick(indicators, request.GET.get("indicator", ""))
    trends = sel.province_trends(province, year, indicators)
    ranking = sel.ward_ranking(province, chosen, year) if chosen else []
    trend = next((t for t in trends if chosen and t.indicator.pk == chosen.pk), None)
    charts = {}
    if trend is not None and chosen is not None:
        charts["trend"] = charts_lib.bar_chart(
            _("%(name)s by month, %(year)s") % {"name": chosen.name, "year": year},
            MONTH_LABELS, trend.months,
            [_values_url(indicator=chosen.code, year=year, month=m) for m in range(1, 13)],
            x_title=_("Month"), y_title=_unit(chosen),
        )
        top = ranking[:15]
        charts["ranking"] = charts_lib.bar_chart(
            _("Wards by %(name)s, %(year)s") % {"name": chosen.name, "year": year},
            [r.code for r in top], [r.value for r in top],
            [_values_url(indicator=chosen.code, ward=r.code, year=year) for r in top],
            x_title=_("Ward code"), y_title=_unit(chosen),
        )
    return render(request, "indicators/dashboard.html", {
        "province": province,
        "year": year,
        "years": list(range(today.year, today.year - 8, -1)),
        "indicators": indicators,
        "chosen": chosen,
        "trends": trends,
        "month_labels": MONTH_LABELS,
        "ranking": ranking,
        "charts": charts,
        "readiness": sel.readiness(province, year),
        "satisfaction": sel.satisfaction(request.user, province, year),
        "facilities": sel.facilities_progress(request.user, today),
        "timeliness": sel.timeliness(request.user),
        "can_import": can(request.user, Action.INDICATOR_EDIT),
    })


@login_required
@require_GET
def ward(request: Request, code: str) -> HttpResponse:
    today = timezone.localdate()
    unit = sel.dashboard_ward_get_for_user(request.user, code)
    year = _int(request.GET.get("year"), today.year, 2000, today.year + 1) or today.year
    indicators = sel.indicator_list()
    chosen = sel.indicator_pick(indicators, request.GET.get("indicator", ""))
    series = sel.ward_series(unit, chosen, year) if chosen else None
    chart = None
    if series is not None and chosen is not None:
        chart = charts_lib.line_chart(
            _("%(name)s by month, %(year)s") % {"name": chosen.name, "year": year},
            MONTH_LABELS, [(unit.name, series.ward), (_("City median"), series.median)],
            x_title=_("Month"), y_title=_unit(chosen),
        )
    rows = []
    if series is not None:
        rows = [(label, series.ward[i], series.median[i],
                 _values_url(indicator=chosen.code if chosen else "", ward=unit.code, year=year,
                             month=i + 1))
                for i, label in enumerate(MONTH_LABELS)]
    return render(request, "indicators/ward_dashboard.html", {
        "unit": unit, "year": year, "years": list(range(today.year, today.year - 8, -1)),
        "indicators": indicators, "chosen": chosen, "series": series, "chart": chart,
        "rows": rows, "can_enter": can(request.user, Action.INDICATOR_EDIT, unit),
        "values_url": _values_url(indicator=chosen.code if chosen else "", ward=unit.code,
                                  year=year),
    })


def _values_scope(filters: dict[str, Any]) -> str:
    """What the export was cut to, in words: "Năm 2026, tháng 3, phường 00070"."""
    parts = []
    if filters["year"]:
        parts.append(f"Năm {filters['year']}")
    if filters["month"]:
        parts.append(f"tháng {filters['month']}")
    if filters["ward"]:
        parts.append(f"mã phường {filters['ward']}")
    if filters["indicator"]:
        parts.append(f"chỉ tiêu {filters['indicator']}")
    return ", ".join(parts) or "Tất cả số liệu trong phạm vi được xem"


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def values(request: Request) -> HttpResponse | StreamingHttpResponse:
    year = _int(request.GET.get("year"), None, 1900, 2200)
    month = _int(request.GET.get("month"), None, 1, 12)
    filters = {"indicator": request.GET.get("indicator", "")[:40],
               "ward": request.GET.get("ward", "")[:20], "year": year, "month": month}
    qs = sel.values_for_user(request.user, **filters)  # type: ignore[arg-type]
    fmt = request.GET.get("format", "")
    stamp = f"{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        writer = csv.writer(_Echo())
        lines = (writer.writerow(r) for r in entry_services.values_csv_rows(qs))
        stream = StreamingHttpResponse(chain(["\ufeff"], lines), content_type="text/csv")
        stream["Content-Disposition"] = f'attachment; filename="so-lieu-chi-tieu-{stamp}.csv"'
        return stream
    if fmt == "xlsx":
        response = HttpResponse(
            entry_services.values_xlsx(qs, caption=request.user.export_caption(
                "Số liệu chỉ tiêu theo tháng", scope=_values_scope(filters))),
            content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="so-lieu-chi-tieu-{stamp}.xlsx"'
        return response
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    base = {k: str(v) for k, v in filters.items() if v not in (None, "")}
    return render(request, "indicators/dashboard_values.html", {
        "page": page, "filters": filters,
        "csv_url": _values_url(**base, format="csv"),
        "xlsx_url": _values_url(**base, format="xlsx"),
        "query": urlencode(base),
    })
