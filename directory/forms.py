from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from units.models import OrgUnit, UnitMerger
from units.services import unit_merge_validate


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("All kinds")), *[(k.value, k.label) for k in OrgUnit.COMMUNE_LEVEL]],
    )


class GroupsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Columns: code, name, households (or Mã, Tên, Số hộ), with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class UnitMergerAdminForm(forms.ModelForm):
    """Checks a new merger with the same rules the service applies when saving it."""

    class Meta:
        model = UnitMerger
        fields = ["successor", "predecessors", "effective_date", "legal_basis", "note"]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            return cleaned  # existing mergers only edit their basis and note
        predecessors = cleaned.get("predecessors")
        successor = cleaned.get("successor")
        effective_date = cleaned.get("effective_date")
        if predecessors is not None and successor is not None and effective_date is not None:
            try:
                unit_merge_validate(
                    predecessors=list(predecessors), successor=successor,
                    effective_date=effective_date,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned
