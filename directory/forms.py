
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import forms as core_forms
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


class GroupSplitForm(forms.Form):
    """A residential group split into two or three new groups on a date."""

    effective_date = core_forms.date_field(_("From"))
    legal_basis = forms.CharField(label=_("Decision"), max_length=300, required=False)
    code_1 = forms.CharField(label=_("Code of the first new group"), max_length=20)
    name_1 = forms.CharField(label=_("Name of the first new group"), max_length=200)
    code_2 = forms.CharField(label=_("Code of the second new group"), max_length=20)
    name_2 = forms.CharField(label=_("Name of the second new group"), max_length=200)
    code_3 = forms.CharField(label=_("Code of a third new group"), max_length=20,
                             required=False)
    name_3 = forms.CharField(label=_("Name of a third new group"), max_length=200,
                             required=False)

    def parts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"code_{n}"].strip(), data[f"name_{n}"].strip()) for n in (1, 2, 3)
                if data.get(f"code_{n}") or data.get(f"name_{n}")]


class GroupChoiceField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.name} ({obj.code})"  # type: ignore[attr-defined]


class GroupsMergeForm(forms.Form):
    """Residential groups merged into one of them, which continues, on a date."""

    groups = GroupChoiceField(label=_("Groups merged"), queryset=OrgUnit.objects.none(),
                              widget=forms.CheckboxSelectMultiple)
    keep = core_forms.ModelChoiceField(label=_("The group that continues"),
                                  queryset=OrgUnit.objects.none())
    effective_date = core_forms.date_field(_("From"))
    legal_basis = forms.CharField(label=_("Decision"), max_length=300, required=False)

    def __init__(self, *args: object, groups: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        self.fields["keep"].queryset = groups  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        chosen, keep = data.get("groups"), data.get("keep")
        if chosen is not None and len(chosen) < 2:
            self.add_error("groups", _("Choose at least two groups."))
        elif chosen is not None and keep is not None and keep not in chosen:
            self.add_error("keep", _("The group that continues is one of the groups merged."))
        return data


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
