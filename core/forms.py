"""Form helpers shared by every app's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


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
