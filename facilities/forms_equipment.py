"""Forms for the inventory grid, procurement plan lines and the equipment spreadsheets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from facilities import equipment_services
from facilities.equipment_io import MAX_COUNT
from facilities.equipment_selectors import InventoryRow
from facilities.models import EquipmentItem

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
# app.css stretches inputs to the cell; a count needs a few digits only.
COUNT_INPUT = {"inputmode": "numeric", "style": "width: 6em; text-align: right"}


class LocalDecimalField(forms.DecimalField):
    """Accepts "1.234,5", "1234,5" and "1234.5": officials type both conventions."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "")
            if "," in text:
                # With a comma present, dots can only be thousands separators.
                text = text.replace(".", "").replace(",", ".")
            value = text
        return super().to_python(value)


class CountField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_COUNT)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs=COUNT_INPUT))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        cleaned = super().clean(value)
        return 0 if cleaned is None else cleaned  # blank means none


@dataclass
class GridRow:
    row: InventoryRow
    usable: forms.BoundField
    unusable: forms.BoundField
    notes: forms.BoundField

    @property
    def counts(self) -> list[forms.BoundField]:
        return [self.usable, self.unusable]

    @property
    def errors(self) -> bool:
        return bool(self.usable.errors or self.unusable.errors or self.notes.errors)


class InventoryForm(forms.Form):
    """One usable/unusable/notes triple per catalogue item, saved together."""

    def __init__(self, *args: Any, rows: list[InventoryRow], **kwargs: Any) -> None:
        self.inventory_rows = rows
        initial: dict[str, Any] = {}
        for row in rows:
            pk = row.item.pk
            initial |= {f"usable_{pk}": row.usable, f"unusable_{pk}": row.unusable,
                        f"notes_{pk}": row.notes}
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for row in rows:
            pk, name = row.item.pk, row.item.name
            self.fields[f"usable_{pk}"] = CountField(label=_("Usable: %s") % name)
            self.fields[f"unusable_{pk}"] = CountField(label=_("Broken or worn out: %s") % name)
            self.fields[f"notes_{pk}"] = forms.CharField(
                label=_("Notes: %s") % name, required=False, max_length=300,
                widget=forms.TextInput(attrs={"class": "notes"}),
            )

    def grid(self) -> list[GridRow]:
        return [GridRow(row, self[f"usable_{row.item.pk}"], self[f"unusable_{row.item.pk}"],
                        self[f"notes_{row.item.pk}"]) for row in self.inventory_rows]

    def lines(self) -> list[equipment_services.LineInput]:
        """The cleaned lines, skipping items the submitted page did not show (added since)."""
        result = []
        for row in self.inventory_rows:
            pk = row.item.pk
            if f"usable_{pk}" not in self.data:
                continue
            result.append(equipment_services.LineInput(
                item=row.item, usable=self.cleaned_data[f"usable_{pk}"],
                unusable=self.cleaned_data[f"unusable_{pk}"],
                notes=self.cleaned_data[f"notes_{pk}"],
            ))
        return result


class ProcurementForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=EquipmentItem.objects.none())
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int,
        choices=[(y, y) for y in range(equipment_services.FIRST_PLAN_YEAR,
                                       equipment_services.LAST_PLAN_YEAR + 1)],
    )
    quantity = core_forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_COUNT,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    budget = LocalDecimalField(
        label=_("Budget (million VND)"), min_value=0, max_digits=14, decimal_places=1,
        required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For example 125,5"),
    )
    expected_delivery = core_forms.DateField(
        label=_("Expected delivery"), required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )
    delivered = forms.BooleanField(label=_("Delivered"), required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        first, last = equipment_services.FIRST_PLAN_YEAR, equipment_services.LAST_PLAN_YEAR
        kwargs.setdefault("initial", {"year": min(max(timezone.localdate().year, first), last)})
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]

    def clean_budget(self) -> Decimal:
        return self.cleaned_data["budget"] or Decimal(0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"year", "quantity", "budget"} <= data.keys() and not self.has_error(
                "expected_delivery"):
            problems = equipment_services.procurement_validate(
                year=data["year"], quantity=data["quantity"], budget=data["budget"],
                expected_delivery=data.get("expected_delivery"),
            )
            for name, message in problems.items():
                self.add_error(name, message)
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
