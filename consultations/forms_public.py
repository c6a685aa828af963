"""The residents' answer form, and the one lookup and one write the public page needs.

The lookup (`group_link_get_public`) and the write (`public_answer_submit`) belong in
consultations/selectors.py and consultations/services.py; they live here, beside the form
they serve, only until those modules' owner moves them (views may not query directly).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations import services
from consultations.models import Campaign, Question, Rating

# Tokens are short lowercase codes (models.new_token); anything else is not worth a query.
TOKEN_RE = re.compile(r"^[a-z0-9]{4,16}$")
# Vietnamese numbers: 0 or +84/84 then 9 digits (mobile) or 10 (landline with area code).
PHONE_RE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")
HONEYPOT = "website"

# Decree 13/2023/NĐ-CP: say why the number is asked, that it stays apart, when it goes.
# The exact sentence shown is stored with the number, as the record of what was agreed to.
CONSENT_TEXT = _(
    "I agree that the Fatherland Front of %(ward)s may call me on this number about my "
    "opinion. The number is asked only for that follow-up; it is kept apart from my "
    "answers, which stay anonymous, and it is deleted %(days)s days after this consultation "
    "closes (Decree 13/2023/NĐ-CP on personal data protection)."
)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def consent_text(campaign: Campaign) -> str:
    return str(CONSENT_TEXT) % {"ward": campaign.ward.name,
                                "days": settings.CONTACT_RETENTION_DAYS}


class AnswerForm(forms.Form):
    """Built from the campaign's questions; rating answers are posted as `q-<code>`."""

    household_code = forms.CharField(
        label=_("Household code"), required=False, max_length=12,
        help_text=_("The 8-character code printed on the slip your household received."),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
            "size": 10,
        }),
    )
    # Bots fill every field they see; people never see this one.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)
    phone = forms.CharField(
        label=_("Phone number (optional)"), required=False, max_length=20,
        widget=forms.TextInput(attrs={
            "type": "tel", "inputmode": "tel", "autocomplete": "tel", "size": 14,
        }),
    )
    consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, campaign: Campaign, code_first: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.code_first = code_first or campaign.require_codes
        code_field = self.fields["household_code"]
        code_field.required = campaign.require_codes
        code_field.error_messages["required"] = gettext(
            "Enter the household code printed on your slip.")
        self.fields["consent"].label = consent_text(campaign)
        self.question_names: list[str] = []
        for question in campaign.question_list:
            name = f"q-{question.code}"
            self.question_names.append(name)
            if question.kind == Question.Kind.RATING:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text, choices=Rating.choices, coerce=int,
                    required=question.is_overall, widget=forms.RadioSelect,
                    error_messages={
                        "required": gettext("Please answer this question."),
                        "invalid_choice": gettext("That answer is not one of the choices."),
                    },
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=services.MAX_COMMENT,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.question_names]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_household_code(self) -> str:
        return "".join(self.cleaned_data["household_code"].split()).upper()

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        digits = re.sub(r"[\s.\-()]", "", raw)
        if not digits:
            return ""
        match = PHONE_RE.match(digits)
        if match is None:
            raise forms.ValidationError(
                gettext("Enter a Vietnamese phone number, such as 0912 345 678."))
        return "0" + match.group(1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("phone") and not cleaned.get("consent"):
            self.add_error("consent", gettext(
                "Tick the box to agree to be called, or leave the phone number empty."))
        return cleaned

    def raw_answers(self) -> dict[str, str]:
        """The answers as the service reads them: posted field name → text."""
        return {name: str(self.cleaned_data.get(name) or "") for name in self.question_names}
