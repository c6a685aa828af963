from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import IndicatorDefinition


def _figure(value: Decimal) -> str:
    """A stored figure as typed: 12 rather than 12.00."""
    text = format(value.normalize(), "f")
    return text


class MonthPickerForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "yyyy-mm"}),
    )


class MonthlyEntryForm(forms.Form):
    """One text field per typed indicator; the service parses and checks them as a batch."""

    def __init__(self, *args: Any, indicators: list[IndicatorDefinition],
                 values: dict[int, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            if indicator.is_computed:
                continue
            stored = values.get(indicator.pk)
            self.fields[indicator.code] = forms.CharField(
                label=indicator.name, required=False, max_length=40,
                initial=_figure(stored) if stored is not None else "",
                widget=forms.TextInput(attrs={
                    "inputmode": "numeric" if indicator.whole_number else "decimal",
                    "autocomplete": "off", "class": "num",
                }),
            )

    def raw(self) -> dict[str, str]:
        """Typed text by indicator code; a posted rate is passed on so that it is refused."""
        raw = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        for indicator in self.indicators:
            if indicator.is_computed and self.data.get(indicator.code):
                raw[indicator.code] = str(self.data.get(indicator.code))[:40]
        return raw


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Columns: ward code, month (mm/yyyy), indicator code, value "
                    "(or Mã phường, Tháng, Mã chỉ tiêu, Giá trị), with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def month_from_query(text: str) -> date | None:
    """yyyy-mm (the month input) as the first day of that month, None when malformed."""
    try:
        year, month = (int(part) for part in text.strip().split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None
