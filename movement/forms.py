from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.models import Criterion
from attachments.forms import signed_file_field
from core import forms as core_forms
from movement.models import ModelReview, ModelType
from movement.services import EVIDENCE_MAX
from units.models import OrgUnit


class GroupChoiceField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class RegisterForm(forms.Form):
    groups = GroupChoiceField(label=_("Groups registering"), queryset=OrgUnit.objects.none(),
                              required=False, widget=forms.CheckboxSelectMultiple)
    include_ward = forms.BooleanField(label=_("The commune or ward registers too"),
                                      required=False)

    def __init__(self, *args: Any, groups: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100,
                             help_text=_("For example 120/QĐ-UBND."))
    signed_on = core_forms.date_field(_("Signed on"))
    signer = forms.CharField(label=_("Signed by"), max_length=200)
    document = signed_file_field(_("Signed decision"))


class GroupsDecisionForm(DecisionForm):
    groups = GroupChoiceField(label=_("Groups the decision recognises"),
                              queryset=OrgUnit.objects.none(),
                              widget=forms.CheckboxSelectMultiple)

    field_order = ["groups", "number", "signed_on", "signer", "document"]

    def __init__(self, *args: Any, groups: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class AssessmentForm(forms.Form):
    """One field per criterion the unit enters ("c<id>") and its evidence ("e<id>")."""

    def __init__(self, *args: Any, criteria: list[Criterion], computed: set[int],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = {c.parent_id for c in criteria if c.parent_id}
        self.entered: list[tuple[Criterion, str, str]] = []
        for criterion in criteria:
            if criterion.pk in computed or criterion.pk in parents:
                continue
            label = f"{criterion.code}. {criterion.title}"
            field: forms.Field
            if criterion.value_type == Criterion.ValueType.YES_NO:
                field = forms.ChoiceField(label=label, choices=YES_NO, required=False,
                                          widget=forms.RadioSelect)
            elif criterion.value_type == Criterion.ValueType.CHOICE:
                field = forms.ChoiceField(
                    label=label, required=False,
                    choices=[("", "—")] + [(c, c) for c in criterion.choice_list])
            else:
                field = forms.CharField(label=label, required=False, max_length=500)
            field.help_text = criterion.guidance
            self.fields[f"c{criterion.pk}"] = field
            self.fields[f"e{criterion.pk}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.entered.append((criterion, f"c{criterion.pk}", f"e{criterion.pk}"))

    def raw(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        return ({c.pk: data.get(v) or "" for c, v, _e in self.entered},
                {c.pk: data.get(e) or "" for c, _v, e in self.entered})


class TypeChoiceField(core_forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ModelForm(forms.Form):
    type = TypeChoiceField(label=_("Kind"), queryset=ModelType.objects.filter(is_active=True))
    name = forms.CharField(label=_("Name"), max_length=300)
    started_on = core_forms.date_field(_("Started on"))
    groups = GroupChoiceField(label=_("Groups covered"), queryset=OrgUnit.objects.none(),
                              required=False, widget=forms.CheckboxSelectMultiple)
    participants = core_forms.IntegerField(label=_("People taking part"), min_value=0,
                                           max_value=1_000_000, initial=0)
    results = forms.CharField(label=_("Results"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    photo = signed_file_field(_("Photo (JPEG, PNG or PDF)"), required=False)

    def __init__(self, *args: Any, groups: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    year = core_forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=ModelReview.Verdict.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ModelTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ResultsImportForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
