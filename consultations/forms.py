"""Plain forms of the Front's pages; the services judge what the forms pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import manage_selectors
from consultations.manage_services import HIDE_REASON_MAX, Counts, tally_problems
from consultations.models import Question, Rating, Response, consultation_last_day
from core import forms as core_forms
from core.imports import is_ascii_number
from units.models import OrgUnit

DATE_INPUT = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
# The grid's columns, most satisfied first, as on the paper form.
RATING_ORDER = (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.NEUTRAL, Rating.DISSATISFIED,
                Rating.VERY_DISSATISFIED)
MAX_COUNT = 100_000


class GroupChoiceField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.households:
            return _("%(name)s (%(n)s households)") % {"name": obj.name, "n": obj.households}
        return str(obj.name)


class CampaignForm(forms.Form):
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=OrgUnit.objects.none())
    year = core_forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    opens_on = core_forms.DateField(label=_("Opening date"),
                                    widget=forms.DateInput(attrs=DATE_INPUT),
                                    help_text=_("dd/mm/yyyy"))
    closes_on = core_forms.DateField(
        label=_("Closing date"), required=False, widget=forms.DateInput(attrs=DATE_INPUT),
        help_text=_("dd/mm/yyyy. Empty: 30/11 of the year, so the summary is ready before "
                    "1 December."),
    )
    groups = GroupChoiceField(
        label=_("Residential groups"), required=False, queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick the groups that are not consulted. None ticked: all of them."),
    )
    require_codes = forms.BooleanField(
        label=_("Require one-time household codes"), required=False,
        help_text=_("Each household gets a printed slip with a code that works once. Safer, "
                    "but the slips must be handed out."),
    )
    open_web_counts = forms.BooleanField(
        label=_("Count answers without a household code towards the criterion"),
        required=False,
        help_text=_("Off: only answers with a household code and paper forms decide the "
                    "satisfaction criterion; answers through the group's link alone are "
                    "shown apart."),
    )
    min_responses_per_group = core_forms.IntegerField(
        label=_("Minimum answers per residential group"), min_value=1, max_value=10_000,
        initial=10, help_text=_("Below this, a group's result is not counted as valid."),
    )
    satisfaction_threshold = core_forms.DecimalField(
        label=_("Satisfaction threshold (%)"), min_value=Decimal(0), max_value=Decimal(100),
        max_digits=5, decimal_places=2, initial=Decimal(90),
    )

    def __init__(self, *args: Any, wards: QuerySet[OrgUnit], ward: OrgUnit | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # After this year's consultation deadline the next one to prepare is next year's.
        today = timezone.localdate()
        year = today.year if today <= consultation_last_day(today.year) else today.year + 1
        self.fields["year"].initial = year
        self.fields["opens_on"].initial = max(today, date(year, 1, 1))
        self.fields["closes_on"].initial = consultation_last_day(year)
        ward_field = self.fields["ward"]
        assert isinstance(ward_field, forms.ModelChoiceField)
        ward_field.queryset = wards
        only = list(wards[:2])
        if len(only) == 1:
            # A ward's Front runs one ward: nothing to choose.
            ward = only[0]
            ward_field.initial = ward.pk
            ward_field.widget = forms.HiddenInput()
        elif ward is not None:
            ward_field.initial = ward.pk
        if self.is_bound:
            chosen = str(self.data.get(self.add_prefix("ward")) or "")
            ward = wards.filter(pk=int(chosen)).first() if is_ascii_number(chosen) else None
        groups_field = self.fields["groups"]
        assert isinstance(groups_field, forms.ModelMultipleChoiceField)
        if ward is not None:
            groups_field.queryset = manage_selectors.residential_groups([ward])
            groups_field.initial = [g.pk for g in groups_field.queryset]
        else:
            # Until a ward is chosen there are no groups to tick; none ticked means all.
            groups_field.widget = forms.MultipleHiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, opens_on = data.get("year"), data.get("opens_on")
        closes_on = data.get("closes_on")
        if year and opens_on and opens_on.year != year:
            self.add_error("opens_on", _("The opening date is not in %(year)s.")
                           % {"year": year})
        if year and closes_on and closes_on.year != year:
            self.add_error("closes_on", _("The closing date is not in %(year)s.")
                           % {"year": year})
        return data


class ExtendForm(forms.Form):
    """The city police lets a consultation take answers past 30 November."""

    closes_on = core_forms.DateField(label=_("New closing date"),
                                widget=forms.DateInput(attrs=DATE_INPUT),
                                help_text=_("dd/mm/yyyy: the last day answers are taken."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)


class TallyForm(forms.Form):
    """A grid of counts: one row per rating question, one column per rating option."""

    def __init__(self, *args: Any, group: OrgUnit, questions: list[Question],
                 tallies: dict[tuple[str, int], int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group, self.questions = group, questions
        self.row_errors: dict[str, str] = {}
        for question in questions:
            for rating in RATING_ORDER:
                self.fields[f"{question.code}-{rating.value}"] = core_forms.IntegerField(
                    label=_("%(question)s: %(option)s")
                    % {"question": question.text, "option": rating.label},
                    required=False, min_value=0, max_value=MAX_COUNT,
                    initial=tallies.get((question.code, rating.value), 0),
                    error_messages={
                        "invalid": _("Enter a whole number."),
                        "min_value": _("Enter zero or more."),
                        "max_value": _("Too large."),
                    },
                    widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric",
                                                    "class": "tally-cell"}),
                )

    def counts(self) -> Counts:
        data = self.cleaned_data
        return {q.code: {r.value: data.get(f"{q.code}-{r.value}") or 0 for r in RATING_ORDER}
                for q in self.questions}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            self.row_errors = tally_problems(self.group, self.questions, self.counts())
            if self.row_errors:
                raise forms.ValidationError(
                    _("Some rows add up to more than is possible; nothing was saved."))
        return data

    def add_row_errors(self, errors: dict[str, list[str]]) -> None:
        for code, messages in errors.items():
            self.row_errors[code] = " ".join(messages)
        self.add_error(None, _("Some rows add up to more than is possible; nothing was saved."))

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for question in self.questions:
            cells = [self[f"{question.code}-{r.value}"] for r in RATING_ORDER]
            total = 0
            for cell in cells:
                try:
                    total += max(int(cell.value() or 0), 0)
                except (TypeError, ValueError):
                    total = None  # type: ignore[assignment]
                    break
            rows.append({"question": question, "cells": cells, "total": total,
                         "error": self.row_errors.get(question.code, "")})
        return rows


class ChannelFilterForm(forms.Form):
    channel = forms.MultipleChoiceField(
        label=_("Channels"), required=False, choices=Response.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def channels(self) -> tuple[str, ...]:
        if not self.is_valid():
            return ()
        return tuple(self.cleaned_data["channel"])


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=HIDE_REASON_MAX,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))


class AttachForm(forms.Form):
    attach_anyway = forms.BooleanField(
        label=_("Attach anyway, although some groups have too few answers"), required=False,
        help_text=_("The summary then names the groups that fell short."),
    )


class CodesForm(forms.Form):
    count = core_forms.IntegerField(
        label=_("How many codes"), required=False, min_value=1, max_value=5000,
        help_text=_("Empty: one for each household that has no code yet."),
    )
