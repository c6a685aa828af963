"""Plain forms for rounds and the self-assessment; the services judge what the forms pass."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from assessments.models import Assessment, CriteriaSet, Criterion
from assessments.services import MAX_TEXT, parse_value
from attachments.validation import ACCEPT
from core import forms as core_forms
from units.models import OrgUnit

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class CriteriaSetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} · {obj.year_from}–{obj.year_to}"


class RoundOpenForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Province / city"), queryset=OrgUnit.objects.none())
    year = core_forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    criteria_set = CriteriaSetChoiceField(
        label=_("Criteria set"), queryset=CriteriaSet.objects.none(),
        help_text=_("It must apply to the round's year."),
    )
    registration_deadline = core_forms.DateField(
        label=_("Registration deadline"), widget=forms.DateInput(attrs=DATE_INPUT),
        help_text=_("dd/mm/yyyy"),
    )
    submission_deadline = core_forms.DateField(
        label=_("Self-assessment deadline"), widget=forms.DateInput(attrs=DATE_INPUT),
        help_text=_("dd/mm/yyyy"),
    )

    def __init__(self, *args: Any, provinces: QuerySet[OrgUnit],
                 criteria_sets: QuerySet[CriteriaSet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_field = self.fields["province"]
        assert isinstance(province_field, forms.ModelChoiceField)
        province_field.queryset = provinces
        # Most coordinators work in one city: then there is nothing to choose.
        only = list(provinces[:2])
        if len(only) == 1:
            province_field.initial = only[0].pk
            province_field.widget = forms.HiddenInput()
        set_field = self.fields["criteria_set"]
        assert isinstance(set_field, forms.ModelChoiceField)
        set_field.queryset = criteria_sets


class RoundFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("All units")), (selectors.REGISTERED, _("Registered")),
                 (selectors.NOT_REGISTERED, _("Not registered")),
                 (_("State of the dossier"), Assessment.State.choices)],
    )


class ValueForm(forms.Form):
    """One criterion's answer. The widget fits the value type; parsing is the service's."""

    value = forms.CharField(label=_("Value"), required=False, strip=False)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = core_forms.IntegerField(widget=forms.HiddenInput(), min_value=0)

    def __init__(self, *args: Any, criterion: Criterion, editable: bool = True,
                 htmx_attrs: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"c{criterion.pk}-%s")
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        # A computed value is shown, not typed: the form carries it back unchanged, so that
        # the explanation beside it can still be saved.
        self.fields["value"].widget = (forms.HiddenInput() if criterion.is_computed
                                       else self._value_widget(criterion))
        self.fields["value"].label = _("Value of %(code)s") % {"code": criterion.code}
        self.fields["explanation"].label = _("Explanation of %(code)s") % {"code": criterion.code}
        for name in ("value", "explanation"):
            widget = self.fields[name].widget
            if not editable:
                widget.attrs["disabled"] = True
            elif htmx_attrs:
                widget.attrs.update(htmx_attrs)
                if isinstance(widget, forms.Textarea):
                    # Typing saves after a pause; leaving the field saves at once.
                    widget.attrs["hx-trigger"] = "keyup changed delay:800ms, change"
            widget.attrs["form"] = f"f-{criterion.pk}"

    @staticmethod
    def _value_widget(criterion: Criterion) -> forms.Widget:
        kind = criterion.value_type
        if kind == Criterion.ValueType.YES_NO:
            return forms.RadioSelect(choices=[("yes", _("Yes")), ("no", _("No"))])
        if kind in (Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE,
                    Criterion.ValueType.SCORE):
            # Text, not type=number: officials type “12,5”, and a typo must reach the
            # server to be answered with a message rather than silently emptied.
            return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                          "class": "value-number"})
        if kind == Criterion.ValueType.CHOICE:
            return forms.Select(choices=[("", "—"), *((c, c) for c in criterion.choice_list)])
        return forms.Textarea(attrs={"rows": 2})

    def clean_value(self) -> str:
        raw = self.cleaned_data.get("value") or ""
        # Checked here too so that the message sits on the field; the service checks again.
        parse_value(self.criterion, raw)
        return raw


class EvidenceForm(forms.Form):
    # Empty files are let through so that the attachment service's own message is shown.
    file = forms.FileField(
        label=_("Evidence file"), allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


def value_initial(value: Any) -> dict[str, Any]:
    """What the form shows for a saved value: numbers with the locale's decimal comma."""
    criterion = value.criterion
    shown = value.value
    if shown and criterion.value_type in (Criterion.ValueType.NUMBER,
                                          Criterion.ValueType.PERCENTAGE,
                                          Criterion.ValueType.SCORE):
        shown = formats.number_format(Decimal(shown), use_l10n=True, force_grouping=False)
    return {"value": shown, "explanation": value.explanation, "revision": value.revision}


class OverrideForm(forms.Form):
    """The city coordinator's correction of a computed value."""

    value = forms.CharField(label=_("Corrected value"), required=False, strip=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.fields["value"].widget = ValueForm._value_widget(criterion)

    def clean_value(self) -> str:
        raw = self.cleaned_data.get("value") or ""
        parse_value(self.criterion, raw)
        return raw
