from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from attachments.forms import signed_file_field
from core import forms as core_forms
from force.models import Commendation, Course, Discipline, ProgrammeReview, Staffing
from force.rules import STAFFING_COUNTS


def _count(label: Any, *, required: bool = False) -> core_forms.IntegerField:
    return core_forms.IntegerField(label=label, required=required, min_value=0,
                                   max_value=1000,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def _label(name: str) -> Any:
    return capfirst(Staffing._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


class StaffingForm(forms.Form):
    establishment = _count(_label("establishment"), required=True)
    headcount = _count(_label("headcount"), required=True)
    average_age = core_forms.DecimalField(label=_label("average_age"), required=False,
                                          max_digits=4, decimal_places=1, min_value=0,
                                          localize=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in STAFFING_COUNTS:
            self.fields[name] = _count(_label(name))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) or 0 for name in STAFFING_COUNTS}
        values.update(establishment=data.get("establishment"),
                      headcount=data.get("headcount"), average_age=data.get("average_age"))
        return values


class AttendanceForm(forms.Form):
    """One pair of fields per course of the published plan: "t<id>" trained, "p<id>" passed."""

    def __init__(self, *args: Any, courses: list[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for course in courses:
            self.fields[f"t{course.pk}"] = _count(_("Trained"))
            self.fields[f"p{course.pk}"] = _count(_("Passed"))


class DisciplineForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level, label in Discipline.Level.choices:
            self.fields[f"violations_{level}"] = _count(_("Violations: %(level)s") % {
                "level": label})
            self.fields[f"officers_{level}"] = _count(_("Officers: %(level)s") % {
                "level": label})

    def counts(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {level: (data.get(f"violations_{level}") or 0, data.get(f"officers_{level}") or 0)
                for level in Discipline.Level.values}


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title of the plan"), max_length=300)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title of the course"), max_length=300)
    subject = forms.ChoiceField(label=_("Subject"), choices=Course.Subject.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Course.Kind.choices)
    starts_on = core_forms.date_field(_("First day"))
    ends_on = core_forms.date_field(_("Last day"))
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    places_per_ward = _count(_("Places per ward"), required=True)


class CommendationForm(forms.Form):
    person_name = forms.CharField(label=_("Person commended"), max_length=200, required=False,
                                  help_text=_("Leave empty to commend the unit."))
    person_position = forms.CharField(label=_("Rank and position"), max_length=200,
                                      required=False)
    unit_name = forms.CharField(label=_("Unit"), max_length=300)
    award = forms.ChoiceField(label=_("Form of award"), choices=Commendation.Award.choices)
    achievement = forms.CharField(label=_("Achievement"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    period_from = core_forms.date_field(_("Period from"))
    period_to = core_forms.date_field(_("Period to"))
    document = signed_file_field(_("Supporting document"), required=False)


class ReviewStepForm(forms.Form):
    agree = forms.ChoiceField(label=_("Conclusion"), widget=forms.RadioSelect, choices=(
        ("yes", _("Propose it to the emulation body")), ("no", _("Do not propose it"))))
    note = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    approve = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=(
        ("yes", _("Commended")), ("no", _("Not commended"))))
    number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decided_on = core_forms.date_field(_("Decision date"), required=False)
    note = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ProgrammeReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeReview.Kind.choices)
    title = forms.CharField(label=_("Title of the review"), max_length=300)
    year = core_forms.IntegerField(label=_("Year reviewed"), min_value=2024, max_value=2030)
    held_on = core_forms.date_field(_("Held on"))
    lessons = forms.CharField(label=_("Lessons learned"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 6}))


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
