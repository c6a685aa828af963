"""The residents' answer page: reading a posted answer, and the form that shows the page.

Every POST is read by `read_submission`, a plain function: building the eleven-field
AnswerForm for each answer cost more than the database work behind it
(bench/consultation_ingest.py). The form is built only to show the page, on a first visit
or to say what needs a change; both read the fields through the same helpers
(`phone_normalised`, `household_code_normalised`), and a test holds them to the same
verdicts. The answers themselves are checked by `services.response_submit`.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from consultations import services
from consultations.models import Campaign, Question, Rating

# Vietnamese numbers: 0 or +84/84 then 9 digits (mobile) or 10 (landline with area code).
PHONE_RE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")
HONEYPOT = "website"
NONCE_MAX = 64
CODE_MAX = 12
PHONE_MAX = 20

# Decree 13/2023/NĐ-CP: say why the number is asked, that it stays apart, when it goes.
# The exact sentence shown is stored with the number, as the record of what was agreed to.
CONSENT_TEXT = _(
    "I agree that the Fatherland Front of %(ward)s may call me on this number about my "
    "opinion. The number is asked only for that follow-up; it is kept apart from my "
    "answers, which stay anonymous, and it is deleted %(days)s days after this consultation "
    "closes (Decree 13/2023/NĐ-CP on personal data protection)."
)


def new_nonce() -> str:
    """A submission id for one visit to the form, signed by the server: "<random>.<mac>".

    The form carries it so that a resend counts once; the signature lets the server refuse
    an id it never issued (a script inventing ids to be counted many times)."""
    token = secrets.token_urlsafe(18)
    return f"{token}.{_nonce_mac(token)}"


def _nonce_mac(token: str) -> str:
    digest = salted_hmac("consultations.nonce", token, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def nonce_is_issued(nonce: str) -> bool:
    """Did this server sign the submission id (new_nonce)?"""
    token, dot, mac = nonce.partition(".")
    return bool(token and dot) and constant_time_compare(mac, _nonce_mac(token))


def consent_text(campaign: Campaign) -> str:
    return str(CONSENT_TEXT) % {"ward": campaign.ward.name,
                                "days": settings.CONTACT_RETENTION_DAYS}


def household_code_normalised(raw: str) -> str:
    """A slip's code as stored: spaces removed, upper case."""
    return "".join(raw.split()).upper()


def phone_normalised(raw: str) -> str | None:
    """A Vietnamese number as 0xxxxxxxxx, "" for none, None for something else."""
    digits = re.sub(r"[\s.\-()]", "", raw)
    if not digits:
        return ""
    match = PHONE_RE.match(digits)
    return "0" + match.group(1) if match else None


def _checked(value: str) -> bool:
    # As Django's CheckboxInput and BooleanField read a posted checkbox.
    return bool(value) and value.lower() not in ("false", "0")


@dataclass(frozen=True)
class Submission:
    """A posted answer as the service takes it.

    `complete` is False when a field needs the resident's attention; AnswerForm, bound to
    the same data, then says which and why. `nonce` is "" when the form could not have come
    from this page (missing or malformed submission id); `forged` when it is well formed
    but this server never issued it.
    """

    nonce: str
    household_code: str
    phone: str
    consent: bool
    answers: dict[str, str]
    is_bot: bool
    complete: bool
    forged: bool = False


def read_submission(data: QueryDict, campaign: Campaign) -> Submission:
    nonce = data.get("nonce", "").strip()
    code = data.get("household_code", "").strip()
    raw_phone = data.get("phone", "").strip()
    phone = phone_normalised(raw_phone) if len(raw_phone) <= PHONE_MAX else None
    consent = _checked(data.get("consent", ""))
    complete = (len(code) <= CODE_MAX and (bool(code) or not campaign.require_codes)
                and "\x00" not in code and phone is not None and (consent or not phone))
    nonce = nonce if 0 < len(nonce) <= NONCE_MAX and "\x00" not in nonce else ""
    return Submission(
        nonce=nonce, forged=bool(nonce) and not nonce_is_issued(nonce),
        household_code=household_code_normalised(code), phone=phone or "", consent=consent,
        answers={f"q-{q.code}": data.get(f"q-{q.code}", "") for q in campaign.question_list},
        is_bot=bool(data.get(HONEYPOT, "").strip()), complete=complete,
    )


class RadioOption(NamedTuple):
    """One choice of a rating question, as the page writes its radio button."""

    id: str
    value: str
    label: str
    checked: bool


class QuestionOnPage(NamedTuple):
    """A question's field and, for a rating question, its choices (empty for a comment)."""

    field: forms.BoundField
    options: list[RadioOption]


class AnswerForm(forms.Form):
    """The whole page: the fields every campaign asks, and one per question (`q-<code>`)."""

    household_code = forms.CharField(
        label=_("Household code"), required=False, max_length=CODE_MAX,
        help_text=_("The 8-character code printed on the slip your household received."),
        error_messages={"required": _("Enter the household code printed on your slip.")},
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
    nonce = forms.CharField(max_length=NONCE_MAX, widget=forms.HiddenInput)
    phone = forms.CharField(
        label=_("Phone number (optional)"), required=False, max_length=PHONE_MAX,
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
        self.fields["household_code"].required = campaign.require_codes
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
                        "required": _("Please answer this question."),
                        "invalid_choice": _("That answer is not one of the choices."),
                    },
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=services.MAX_COMMENT,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": _(
                        "Please shorten your comment to at most %(limit_value)s characters "
                        "(it has %(show_value)s).")},
                )

    def questions(self) -> list[QuestionOnPage]:
        """The questions in order. The page writes each radio button itself: rendering
        them through Django's widget templates (five per question) took most of the page's
        time; a test holds the markup to what the widget would write."""
        shown = []
        for name in self.question_names:
            field = self[name]
            options = []
            if isinstance(field.field, forms.TypedChoiceField):  # a rating question
                current = "" if field.value() is None else str(field.value())
                options = [
                    RadioOption(f"{field.auto_id}_{index}", str(value), str(label),
                                str(value) == current)
                    for index, (value, label) in enumerate(Rating.choices)
                ]
            shown.append(QuestionOnPage(field, options))
        return shown

    def clean_household_code(self) -> str:
        return household_code_normalised(self.cleaned_data["household_code"])

    def clean_phone(self) -> str:
        phone = phone_normalised(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(
                _("Enter a Vietnamese phone number, such as 0912 345 678."))
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("phone") and not cleaned.get("consent"):
            self.add_error("consent", _(
                "Tick the box to agree to be called, or leave the phone number empty."))
        return cleaned
