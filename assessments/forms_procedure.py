"""Forms of the recognition procedure. They type the input; the rules live in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentValue, CouncilVote
from assessments.procedure_services import (
    DECISION_NUMBER_MAX,
    MAX_TEXT,
    SIGNER_MAX,
    Outcome,
    outcome_errors,
)
from attachments.validation import ACCEPT
from core import forms as core_forms
from core.imports import decimal_from_text


def _textarea(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _file_field(label: Any, *, required: bool = True) -> forms.FileField:
    # Empty files pass here so that the attachment service's own message is shown.
    return forms.FileField(label=label, required=required, allow_empty_file=True,
                           widget=forms.FileInput(attrs={"accept": ACCEPT}))


class StepForm(forms.Form):
    """A procedure button; the reason is required only by some steps (the service says)."""

    reason = forms.CharField(label=_("Reason / comment"), required=False, max_length=MAX_TEXT,
                             widget=_textarea(2))


class ExtendForm(forms.Form):
    """The coordinator lets a ward submit its self-assessment after the deadline."""

    until = core_forms.DateField(label=_("New deadline"),
                            widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
                            help_text=_("dd/mm/yyyy: the last day the ward may submit."))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=_textarea(2))


class ReturnForm(forms.Form):
    """A general reason plus one comment box per criterion (`comment_<criterion id>`)."""

    reason = forms.CharField(
        label=_("Reason for returning the dossier"), max_length=MAX_TEXT, widget=_textarea(3),
        help_text=_("What the ward must do before submitting again."),
        error_messages={"required": _("Give the reason for this step.")},
    )

    def __init__(self, *args: Any, values: list[AssessmentValue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for value in values:
            name = f"comment_{value.criterion_id}"
            self.fields[name] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": value.criterion.code},
                required=False, max_length=MAX_TEXT, initial=value.review_comment,
                widget=_textarea(2),
            )
            self.rows.append((value, name))

    def bound_rows(self) -> list[tuple[AssessmentValue, forms.BoundField]]:
        return [(value, self[name]) for value, name in self.rows]

    def comments(self) -> dict[int, str]:
        return {value.criterion_id: self.cleaned_data.get(name, "") for value, name in self.rows}


class OpinionsForm(forms.Form):
    file = _file_field(_("Summary of the residents' opinions"))
    satisfaction_rate = forms.CharField(
        label=_("Residents satisfied (%)"), max_length=20,
        help_text=_("A percentage between 0 and 100, for example 92,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    asked = core_forms.IntegerField(label=_("Residents asked"), required=False, min_value=1)
    satisfied = core_forms.IntegerField(label=_("Residents satisfied"), required=False, min_value=0)

    def clean_satisfaction_rate(self) -> Decimal:
        text = self.cleaned_data["satisfaction_rate"].strip().rstrip("%").strip()
        try:
            rate = decimal_from_text(text.replace(" ", "").replace(",", "."))
        except ValueError:
            raise forms.ValidationError(_("“%(value)s” is not a number."),
                                        params={"value": text[:20]}) from None
        return rate


class VoteForm(forms.Form):
    vote = forms.ChoiceField(label=_("Your vote"), choices=CouncilVote.Vote.choices,
                             widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("Your opinion"), required=False, max_length=MAX_TEXT,
                              widget=_textarea(3))


class DecideForm(forms.Form):
    OUTCOMES = (("recognised", _("Recognise the ward police unit")),
                ("not_recognised", _("Do not recognise")))

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    council_outcome = forms.CharField(label=_("Council conclusion"), max_length=MAX_TEXT,
                                      widget=_textarea(4), required=False)
    minutes_file = _file_field(_("Minutes of the council meeting"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), required=False,
                                      max_length=DECISION_NUMBER_MAX,
                                      help_text=_("For example 1234/QĐ-UBND."))
    decision_date = core_forms.DateField(
        label=_("Decision date"), required=False, help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )
    decision_signer = forms.CharField(label=_("Signed by"), required=False,
                                      max_length=SIGNER_MAX)
    decision_file = _file_field(_("Signed decision"), required=False)
    reason = forms.CharField(
        label=_("Reason / comment"), required=False, max_length=MAX_TEXT, widget=_textarea(3),
        help_text=_("Required when the ward is not recognised."),
    )

    def clean(self) -> dict[str, Any]:
        """Every missing piece at once, by the service's rules, not only the mistyped ones."""
        data = super().clean() or {}
        if "outcome" not in data:
            return data
        outcome = Outcome(
            recognised=data["outcome"] == "recognised",
            council_outcome=data.get("council_outcome", ""),
            minutes_file=data.get("minutes_file"),
            decision_number=data.get("decision_number", ""),
            decision_date=data.get("decision_date"),
            decision_signer=data.get("decision_signer", ""),
            decision_file=data.get("decision_file"),
            reason=data.get("reason", ""),
        )
        for field, message in outcome_errors(outcome).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data
