"""Form helpers shared by every app's views."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import has_other_digits, is_ascii_number

ASCII_DIGITS_ONLY = gettext_lazy("Type numbers and dates with the digits 0–9.")


def _refuse_other_digits(value: Any) -> None:
    if isinstance(value, str) and has_other_digits(value):
        raise ValidationError(ASCII_DIGITS_ONLY, code="ascii_digits")


class IntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        _refuse_other_digits(value)
        return super().to_python(value)


class DecimalField(forms.DecimalField):
    # django-stubs derive DecimalField from IntegerField, hence the return type's ignore.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        _refuse_other_digits(value)
        return super().to_python(value)


def _refuse_unstorable_ids(field: forms.ModelChoiceField, values: Any) -> None:
    # Django hands each chosen value to an `id IN (…)` query; on SQLite a number past 64
    # bits then fails the query (a 500) instead of being refused as a choice.
    for pk in values if isinstance(values, list | tuple) else (values,):
        if pk in field.empty_values:
            continue
        if not is_ascii_number(str(pk)) or int(pk) >= 2**63:
            raise ValidationError(field.error_messages.get("invalid_pk_value")
                                  or field.error_messages["invalid_choice"],
                                  code="invalid_choice", params={"pk": pk, "value": pk})


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        _refuse_unstorable_ids(self, value)
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        _refuse_unstorable_ids(self, value)
        return super().clean(value)


class DateField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        _refuse_other_digits(value)
        return super().to_python(value)


def add_service_errors(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form: field errors by the field they name (when the
    form has it), everything else, a refused permission included, above the form. The
    user's input stays."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You may not do this."))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def signed_document_errors(
    *, number: tuple[str, str, int, str], day: tuple[str, date | None, str],
    document: tuple[str, Any, str] | None = None,
) -> dict[str, str]:
    """What the reference of a signed document (decision, proposal, opinion) lacks, by
    field: its number, present and not too long; its date, present and not in the future
    (Hanoi's calendar); its file, attached. Each part is (field name, value, …, the
    message when it is missing); `number` also gives its longest length."""
    from django.utils import timezone

    errors: dict[str, str] = {}
    number_field, number_text, number_max, number_missing = number
    if not number_text.strip():
        errors[number_field] = number_missing
    elif len(number_text.strip()) > number_max:
        errors[number_field] = _("The number is longer than %(max)s characters.") % {
            "max": number_max}
    day_field, day_value, day_missing = day
    if day_value is None:
        errors[day_field] = day_missing
    elif day_value > timezone.localdate():
        errors[day_field] = _("The date cannot be in the future.")
    if document is not None and document[1] is None:
        errors[document[0]] = document[2]
    return errors


DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
DATE_HELP = gettext_lazy("dd/mm/yyyy")


def date_field(label: Any, *, required: bool = True, help_text: Any = DATE_HELP,
               input_formats: list[str] | None = None) -> DateField:
    """A date typed dd/mm/yyyy, the way officials write it, with the message they read."""
    return DateField(label=label, required=required, help_text=help_text,
                     input_formats=input_formats,
                     widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_ATTRS),
                     error_messages={"invalid": gettext_lazy("Enter the date as dd/mm/yyyy.")})
