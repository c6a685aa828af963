"""Forms of the consolidated report and the progress filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Agency


class ConsolidatedForm(forms.Form):
    introduction = forms.CharField(label=_("Introduction"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 5}))
    results = forms.CharField(label=_("Results by task"), required=False,
                              widget=forms.Textarea(attrs={"rows": 16}))
    difficulties = forms.CharField(label=_("Difficulties"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 8}))
    proposals = forms.CharField(label=_("Proposals"), required=False,
                                widget=forms.Textarea(attrs={"rows": 8}))
    # The saved text the user started from; a save over a newer one is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class ProgressFilterForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Agency.objects.none(),
                                  required=False, empty_label=_("All bodies"))
    section = forms.ChoiceField(label=_("Section"), required=False)

    def __init__(self, *args: Any, bodies: list[Agency], sections: list[str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body_field = self.fields["body"]
        assert isinstance(body_field, forms.ModelChoiceField)
        body_field.queryset = Agency.objects.filter(pk__in=[b.pk for b in bodies])
        section_field = self.fields["section"]
        assert isinstance(section_field, forms.ChoiceField)
        section_field.choices = [("", _("All sections")), *((s, s) for s in sections)]
