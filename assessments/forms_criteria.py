from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms

MAX_FILE_BYTES = 5 * 1024 * 1024


class CriteriaFileForm(forms.Form):
    file = forms.FileField(
        label=_("Criteria set file (XLSX)"),
        help_text=_("Fill in the template; every problem in the file is listed before anything "
                    "is saved."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Choose the XLSX file to import."),
                        "empty": _("The file is empty.")},
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Choose an Excel workbook (.xlsx); save an older .xls file as .xlsx first.")
            )
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class CriteriaSetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    legal_basis_number = forms.CharField(label=_("Decision number"), max_length=100,
                                         required=False)
    legal_basis_date = core_forms.DateField(
        label=_("Decision date"), required=False, help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
    )
    year_from = core_forms.IntegerField(label=_("Applies from year"), min_value=2000,
                                   max_value=2100)
    year_to = core_forms.IntegerField(label=_("Applies to year"), min_value=2000, max_value=2100)
    pass_score = core_forms.DecimalField(
        label=_("Pass mark (total score)"), min_value=Decimal(0), max_digits=8,
        decimal_places=2, localize=True,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        return data
