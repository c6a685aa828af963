from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attachments.models import Attachment
from attachments.validation import validate_upload
from core import forms as core_forms
from facilities import headquarters_rules
from facilities.headquarters_io import number_problem, parse_decimal
from facilities.headquarters_selectors import NOT_RECORDED
from facilities.models import HeadquartersRecord, InvestmentProject

MAX_PHOTOS = 10


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return core_forms.date_field(label, required=required, help_text="",
                                 input_formats=["%d/%m/%Y"])


class NumberField(forms.CharField):
    """A decimal typed with a comma or a dot ("1.234,5", "1234.5"), one decimal place."""

    def __init__(self, *, label: Any, help_text: Any = "", **kwargs: Any) -> None:
        super().__init__(label=label, required=False, help_text=help_text,
                         widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_decimal(text)
        except ValueError:
            raise ValidationError(_("Enter a number, for example 120,5."),
                                  code="invalid") from None
        if message := number_problem(number):
            raise ValidationError(message, code="invalid")
        return number


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero or more JPEG/PNG photos, checked by content like every evidence file."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, widget=MultiplePhotoInput(
            attrs={"accept": ".jpg,.jpeg,.png", "multiple": True}), **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(max)d photos at a time.") % {"max": MAX_PHOTOS})
        for photo in files:
            checked = validate_upload(photo)
            if checked.kind not in (Attachment.Kind.JPEG, Attachment.Kind.PNG):
                raise ValidationError(_("%(name)s is not a JPEG or PNG photo.")
                                      % {"name": photo.name})
            photo.seek(0)
        return list(files)


class HeadquartersForm(forms.Form):
    valid_from = _date_field(_("Situation as of"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=HeadquartersRecord.Status.choices)
    land_area = NumberField(label=_("Land area (m²)"))
    floor_area = NumberField(label=_("Floor area (m²)"),
                             help_text=_("All storeys together."))
    storeys = core_forms.IntegerField(label=_("Storeys"), required=False)
    condition = forms.ChoiceField(
        label=_("Condition"), required=False,
        choices=[("", "—"), *HeadquartersRecord.Condition.choices])
    year_built = core_forms.IntegerField(label=_("Year built"), required=False)
    land_legal_status = forms.CharField(label=_("Legal status of the land"), required=False,
                                        max_length=300)
    households_inside = core_forms.IntegerField(label=_("Households living inside the premises"),
                                           required=False, initial=0)
    special_inner_district = forms.BooleanField(
        label=_("Special criteria for the old inner districts"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos (JPEG or PNG)"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("households_inside") is None and "households_inside" not in self.errors:
            cleaned["households_inside"] = 0
        for field, message in headquarters_rules.headquarters_problems(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class ProjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InvestmentProject.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    budget_source = forms.CharField(label=_("Budget source"), required=False, max_length=200)
    estimated_cost = NumberField(label=_("Estimated cost (million VND)"))
    approved_cost = NumberField(label=_("Approved cost (million VND)"))
    stage = forms.ChoiceField(label=_("Stage"), choices=InvestmentProject.Stage.choices)
    approved_on = _date_field(_("Approved on"))
    expected_completion = _date_field(_("Expected completion"))
    completed_on = _date_field(_("Completed on"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field, message in headquarters_rules.project_problems(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class HeadquartersImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        help_text=_("The same columns as the export, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class HeadquartersFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), *HeadquartersRecord.Status.choices,
                 (NOT_RECORDED, _("Not recorded yet"))])
    has_project = forms.ChoiceField(
        label=_("Active project"), required=False,
        choices=[("", _("All")), ("yes", _("With a project")), ("no", _("Without a project"))])
