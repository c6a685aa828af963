from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import OrgUnit


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("All kinds")), *[(k.value, k.label) for k in OrgUnit.COMMUNE_LEVEL]],
    )
