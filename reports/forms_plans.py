from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from units.models import Agency


class PlanTaskFilterForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Codes, not ids, so a filtered page's address reads and bookmarks well.
        field = self.fields["body"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All bodies")),
                         *[(a.code, a.name) for a in bodies]]


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (XLSX)"),
        help_text=_("Sheets “Kế hoạch” and “Nhiệm vụ”, as in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class PlanIdentityForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=100,
                             help_text=_("As printed on the signed plan, for example 123/KH-UBND."))
    issued_on = core_forms.DateField(
        label=_("Issued on"), required=False, help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False,
                             help_text=_("As printed under the signature, for example "
                                         "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A."))
