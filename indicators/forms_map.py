"""Forms of the city map: what to colour the wards by, and the boundary upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from indicators import geo
from indicators.map_selectors import READINESS


class MapFilterForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Colour the wards by"), required=False)
    year = core_forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices: list[tuple[str, Any]] = [
            (READINESS, _("Readiness for recognition (the year's round)")), *indicators
        ]
        self.fields["indicator"].choices = self.choices  # type: ignore[attr-defined]

    def chosen(self) -> tuple[str, int]:
        """The indicator code ("" for readiness) and year; defaults replace bad input."""
        this_year = timezone.localdate().year
        if not self.is_valid():
            indicator = self.data.get("indicator", "")
            valid = dict(self.choices)
            return (indicator if indicator in valid and indicator != READINESS else "",
                    this_year)
        indicator = self.cleaned_data.get("indicator") or READINESS
        return ("" if indicator == READINESS else indicator,
                self.cleaned_data.get("year") or this_year)


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of Polygon or MultiPolygon features in WGS84 "
                    "longitude/latitude, at most %(mb)d MB.") % {"mb": geo.MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )
