"""Forms of the report cycle. Dates are typed dd/mm/yyyy, as on every Vietnamese document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
from reports.models import ReportingPeriod, ReportItem

DMY = ["%d/%m/%Y"]


def _date(label: Any) -> forms.DateField:
    return core_forms.DateField(label=label, input_formats=DMY,
                           widget=forms.DateInput(format="%d/%m/%Y",
                                                  attrs={"placeholder": "dd/mm/yyyy"}))


class ReportForm(forms.Form):
    revision = core_forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label=_("General summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", "—"), *ReportItem.Status.choices])
    results = forms.CharField(label=_("Results"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    difficulties = forms.CharField(label=_("Difficulties"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    proposals = forms.CharField(label=_("Proposals"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    figures = forms.CharField(label=_("Figures"), required=False, max_length=500)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should the body change?"),
                              widget=forms.Textarea(attrs={"rows": 3}))


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class OpenPeriodForm(forms.Form):
    kind = forms.ChoiceField(choices=[(ReportingPeriod.Kind.HALF_YEAR, _("6-monthly")),
                                      (ReportingPeriod.Kind.YEAR, _("Yearly"))])


class AdHocForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    cutoff_start = _date(_("Data from"))
    cutoff_end = _date(_("Data to"))
    due_date = _date(_("Due date"))
