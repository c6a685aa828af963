from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from core import forms as core_forms

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"),
                                                        "inputmode": "numeric"})


def model_label(label: str) -> str:
    """'units.orgunit' → the model's verbose name, or the label for a model since removed."""
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User name contains"), required=False, max_length=150,
                           widget=forms.TextInput(attrs={"class": "live-filter"}))
    action = forms.ChoiceField(
        label=_("Action"), required=False,
        choices=[("", _("All actions")), *AuditEntry.Action.choices],
    )
    model = forms.ChoiceField(label=_("Record type"), required=False)
    date_from = core_forms.DateField(label=_("From"), required=False, widget=DATE_INPUT,
                                input_formats=["%d/%m/%Y"])
    date_to = core_forms.DateField(label=_("To"), required=False, widget=DATE_INPUT,
                              input_formats=["%d/%m/%Y"])
    q = forms.CharField(label=_("Record contains"), required=False, max_length=300,
                        widget=forms.TextInput(attrs={"class": "live-filter"}))

    def __init__(self, *args: Any, record_types: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sorted(((t, model_label(t)) for t in record_types or [] if t), key=lambda c: c[1])
        self.fields["model"].choices = [("", _("All record types")), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
