"""Forms of the recognition procedure. They type the input; the rules live in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentValue, CouncilVote, Endorsement
from assessments.procedure_services import (
    DECISION_NUMBER_MAX,
    MAX_TEXT,
    SIGNER_MAX,
    EndorsementInput,
    Outcome,
    endorsement_errors,
    outcome_errors,
)
from attachments.forms import signed_file_field
from core import forms as core_forms
from core.imports import decimal_from_text


def _textarea(rows: int = 3, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


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
    file = signed_file_field(_("Summary of the residents' opinions"))
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


class EndorseForm(forms.Form):
    body = forms.ChoiceField(label=_("Whose opinion"), choices=Endorsement.Body.choices,
                             widget=forms.RadioSelect)
    opinion = forms.ChoiceField(label=_("Opinion"), choices=Endorsement.Opinion.choices,
                                widget=forms.RadioSelect)
    text = forms.CharField(label=_("Remarks"), required=False, max_length=MAX_TEXT,
                           widget=_textarea(3),
                           help_text=_("Required when the opinion has remarks or disagrees."))
    document_number = forms.CharField(label=_("Document number"), max_length=100,
                                      help_text=_("For example 45/UBND-CAP."))
    document_date = core_forms.DateField(
        label=_("Document date"), help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )
    document = signed_file_field(_("Signed document"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = endorsement_errors(EndorsementInput(
            body=data.get("body", ""), opinion=data.get("opinion", ""),
            text=data.get("text", ""), document_number=data.get("document_number", ""),
            document_date=data.get("document_date"), document=data.get("document")))
        for field, message in found.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ProposalSendForm(forms.Form):
    number = forms.CharField(label=_("Proposal number"), max_length=100,
                             help_text=_("For example 123/TTr-CAHN."))
    sent_on = core_forms.DateField(
        label=_("Sent on"), help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )
    document = signed_file_field(_("Signed proposal"))


class VoteForm(forms.Form):
    vote = forms.ChoiceField(label=_("Your vote"), choices=CouncilVote.Vote.choices,
                             widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("Your opinion"), required=False, max_length=MAX_TEXT,
                              widget=_textarea(3))


class DecideForm(forms.Form):
    """After the council: propose the unit to the Ministry or not. When the Ministry has
    decided: recognised, or not. The choices follow the dossier's state."""

    AFTER_COUNCIL = (("proposed", _("Propose the unit to the Ministry for recognition")),
                     ("not_recognised", _("Do not propose (not recognised)")))
    AFTER_MINISTRY = (("recognised", _("The Ministry recognised the unit")),
                      ("not_recognised", _("The Ministry did not recognise the unit")))

    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    council_outcome = forms.CharField(label=_("Council conclusion"), max_length=MAX_TEXT,
                                      widget=_textarea(4), required=False)
    minutes_file = signed_file_field(_("Minutes of the council meeting"), required=False)
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
    decision_file = signed_file_field(_("Signed decision"), required=False)
    reason = forms.CharField(
        label=_("Reason / comment"), required=False, max_length=MAX_TEXT, widget=_textarea(3),
        help_text=_("Required when the ward is not recognised."),
    )

    def __init__(self, *args: Any, needs_council: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_council = needs_council
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = self.AFTER_COUNCIL if needs_council else self.AFTER_MINISTRY
        if not needs_council:
            del self.fields["council_outcome"], self.fields["minutes_file"]

    def clean(self) -> dict[str, Any]:
        """Every missing piece at once, by the service's rules, not only the mistyped ones."""
        data = super().clean() or {}
        if "outcome" not in data:
            return data
        outcome = Outcome(
            recognised=data["outcome"] == "recognised",
            propose=data["outcome"] == "proposed",
            council_outcome=data.get("council_outcome", ""),
            minutes_file=data.get("minutes_file"),
            decision_number=data.get("decision_number", ""),
            decision_date=data.get("decision_date"),
            decision_signer=data.get("decision_signer", ""),
            decision_file=data.get("decision_file"),
            reason=data.get("reason", ""),
        )
        for field, message in outcome_errors(outcome,
                                             needs_council=self.needs_council).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data
