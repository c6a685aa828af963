from __future__ import annotations

import datetime
import secrets
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import ROLE_SCOPE_KIND, Role, ScopeKind
from accounts.token_services import DEFAULT_DAYS, MAX_DAYS
from core import forms as core_forms
from core.imports import is_ascii_number
from units.models import Agency, OrgUnit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. After 5 wrong attempts the account is "
            "locked for 15 minutes."
        ),
        "inactive": _("This account has been deactivated."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app."),
            "min_length": _("The code has 6 digits."),
            "max_length": _("The code has 6 digits."),
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not is_ascii_number(token):
            raise forms.ValidationError(_("The code has digits only."))
        return token


class RoleScopeFields(forms.Form):
    """Role plus the one scope field that role needs; the service re-checks everything."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = forms.ModelChoiceField(
        label=_("Unit (province or ward)"), queryset=OrgUnit.objects.none(), required=False,
        help_text=_("City roles: the province. Ward roles: the ward or commune."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False,
        help_text=_("Only for agency reporters."),
    )

    def __init__(self, *args: Any, roles: list[str], units: Any, agencies: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r, Role(r).label) for r in roles]
        cast(forms.ModelChoiceField, self.fields["org_unit"]).queryset = units
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if not role:
            return data
        kind = ROLE_SCOPE_KIND[role]
        if kind == ScopeKind.AGENCY and not data.get("agency"):
            self.add_error("agency", _("This role needs an agency."))
        if kind in (ScopeKind.PROVINCE, ScopeKind.WARD) and not data.get("org_unit"):
            self.add_error("org_unit", _("This role needs a unit."))
        return data


class UserCreateForm(RoleScopeFields):
    username = forms.RegexField(
        label=_("User name"), max_length=150, regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and . @ + - _ only, without spaces.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 12 characters. Give it to the user in person."),
    )

    field_order = ["username", "full_name", "position", "email", "password", "role",
                   "org_unit", "agency"]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", _("All roles")), *Role.choices])
    active = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 12 characters. Give it to the user in person."),
    )
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(render_value=True)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApiKeyForm(forms.Form):
    """What an administrator says about a key he issues; api_token_issue checks the rest
    (a name that is not blank, an expiry after today and within MAX_DAYS)."""

    name = forms.CharField(
        label=_("Used by (system)"), max_length=100,
        error_messages={"required": _("Say which system will use the key.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The system that will call the API with this key, e.g. the city's "
                    "reporting software; it names the key in lists and in the audit log."),
    )
    expires_on = core_forms.DateField(
        label=_("Valid until"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        initial=lambda: timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS),
        widget=forms.DateInput(format="%d/%m/%Y",
                               attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric",
                                      "autocomplete": "off"}),
    )
    read_only = forms.BooleanField(
        label=_("Read only"), required=False,
        help_text=_("Ticked: the key may read data but not change anything."),
    )
    # A random mark of the form as it was shown: posting the same form again (the browser's
    # reload of the page that shows the key) does not issue a second key.
    once = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = secrets.token_urlsafe(16)
        # Set here, not at import: the message is in the language of the request.
        self.fields["expires_on"].help_text = gettext(
            "dd/mm/yyyy, at most %(days)d days from today. The key stops working after "
            "that day."
        ) % {"days": MAX_DAYS}
