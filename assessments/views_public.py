"""Public pages: what residents and the press may know about recognised units."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from assessments import output_selectors
from core import forms as core_forms


class YearForm(forms.Form):
    # A text box, not type=number: browsers blank an invalid number, losing what was typed.
    year = core_forms.IntegerField(
        label=gettext_lazy("Year"), min_value=2000, max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={
            "invalid": gettext_lazy("Enter a year as four digits, such as 2026."),
            "required": gettext_lazy("Enter a year as four digits, such as 2026."),
            "min_value": gettext_lazy("Enter a year between 2000 and 2100."),
            "max_value": gettext_lazy("Enter a year between 2000 and 2100."),
        },
    )


@require_GET
def recognised(request: HttpRequest) -> HttpResponse:
    years = output_selectors.recognised_years()
    year: int | None = years[0] if years else timezone.localdate().year
    if "year" in request.GET:
        form = YearForm(request.GET)
        year = form.cleaned_data["year"] if form.is_valid() else None
    else:
        form = YearForm(initial={"year": year})
    units = output_selectors.recognised_units(year) if year is not None else []
    context = {"form": form, "year": year, "years": years, "units": units}
    return render(request, "assessments/public_recognised.html", context)
