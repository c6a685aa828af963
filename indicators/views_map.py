from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import Request
from accounts.permissions import Action, can
from indicators import geo, map_selectors, map_services
from indicators.forms_map import BoundaryUploadForm, MapFilterForm


@login_required
@require_http_methods(["GET"])
def map_view(request: Request) -> HttpResponse:
    province = map_selectors.map_province_get_for_user(
        request.user, request.GET.get("province", "")
    )
    indicators = list(map_selectors.map_indicators())
    form = MapFilterForm(request.GET or None,
                         indicators=[(i.code, i.name) for i in indicators])
    indicator_code, year = form.chosen()
    indicator = map_selectors.map_indicator_get(indicator_code)
    wards = map_selectors.map_wards(request.user, province)
    context = {
        "form": form,
        "province": province,
        "provinces": map_selectors.map_provinces(request.user),
        "indicator": indicator,
        "year": year,
        "map": map_selectors.map_data(province=province, wards=wards, indicator=indicator,
                                      year=year),
        "may_manage": can(request.user, Action.INDICATOR_MANAGE, province),
    }
    return render(request, "indicators/map.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def boundaries(request: Request) -> HttpResponse:
    province = map_selectors.map_province_get_for_user(
        request.user, request.GET.get("province", ""), Action.INDICATOR_MANAGE
    )
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    problems: list[geo.GeoProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = map_services.boundaries_replace(
                actor=request.user, province=province, uploaded_file=form.cleaned_data["file"]
            )
        except map_services.GeoErrors as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Ward boundaries replaced: %(n)d wards now have an "
                                        "outline.") % {"n": count})
            return redirect(f"{reverse('indicators:map')}?province={province.code}")
    context = {
        "form": form,
        "province": province,
        "problems": problems,
        "code_properties": geo.CODE_PROPERTIES,
        "max_points": geo.MAX_POINTS,
        "existing_count": map_selectors.boundary_count(province),
        "ward_count": len(map_selectors.boundary_codes_known(province)),
    }
    return render(request, "indicators/map_boundaries.html", context)
