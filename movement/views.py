from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import Request
from accounts.permissions import Action, can, require
from assessments.models import CriteriaSet
from core.forms import add_service_errors
from core.imports import ImportErrors
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views import PROGRAMME_FIRST_YEAR, download, programme_year, year_asked
from indicators.dashboard_selectors import dashboard_province_for_user, own_ward_code
from movement import results_io, selectors, services
from movement.forms import (
    AssessmentForm,
    DecisionForm,
    GroupsDecisionForm,
    ModelForm,
    ModelTypeForm,
    RegisterForm,
    ResultsImportForm,
    ReviewForm,
)
from movement.models import MovementModel
from movement.standard_rules import judgement_day, standard
from units.models import OrgUnit
from units.selectors import groups_on

FIRST_YEAR = PROGRAMME_FIRST_YEAR


def _ward_url(ward: OrgUnit, year: int) -> str:
    return reverse("movement:ward", args=[ward.code, year])


@login_required
def overview(request: Request) -> HttpResponse:
    """The city's view; a ward user goes straight to the ward's page."""
    require(request.user, Action.MOVEMENT_VIEW)
    year = year_asked(request)
    own = own_ward_code(request.user)
    if own:
        return redirect("movement:ward", own, year)
    province = dashboard_province_for_user(request.user, request.GET.get("province", ""))
    today = timezone.localdate()
    rows = selectors.province_overview(request.user, province, year, today) if province else []
    return render(request, "movement/overview.html", {
        "year": year, "years": range(today.year, FIRST_YEAR - 1, -1), "province": province,
        "rows": rows, "types": selectors.models_by_type(request.user, province, year)
        if province else [],
        "can_manage_types": can(request.user, Action.MOVEMENT_MANAGE),
        "recognised_wards": sum(1 for r in rows if r.commune and r.commune.is_recognised),
    })


@login_required
def ward(request: Request, code: str, year: int) -> HttpResponse:
    ward = selectors.ward_get_for_user(request.user, code)
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        return redirect(_ward_url(ward, today.year))
    situation = selectors.ward_year(ward, year, today)
    can_edit = can(request.user, Action.MOVEMENT_EDIT, ward)
    refusal = services.registration_refusal(year)
    unregistered = [row.group.pk for row in situation.rows if not row.registered]
    register_form = None
    if can_edit and not refusal and (unregistered or situation.commune is None):
        register_form = RegisterForm(groups=selectors.groups_among(ward, today, unregistered),
                                     initial={"groups": unregistered})
        if situation.commune is not None:
            del register_form.fields["include_ward"]
    recognise_form = None
    if can(request.user, Action.SAFETY_RECOGNISE, ward) and situation.waiting_recognition:
        waiting = [row.group.pk for row in situation.waiting_recognition]
        recognise_form = GroupsDecisionForm(
            groups=selectors.groups_among(ward, situation.day, waiting),
            initial={"groups": waiting, "signer": _default_signer(ward)})
    return render(request, "movement/ward.html", {
        "ward": ward, "year": year, "s": situation, "can_edit": can_edit,
        "registration_refusal": refusal, "register_form": register_form,
        "recognise_form": recognise_form, "standard": standard(),
        "deadline": standard().registration_deadline(year),
        "years": range(today.year, FIRST_YEAR - 1, -1),
        "can_decide": can(request.user, Action.SAFETY_DECIDE, ward),
        "models": selectors.ward_models(ward),
    })


def _default_signer(ward: OrgUnit) -> str:
    return _("Chairman of the People's Committee of %(ward)s") % {"ward": ward.name}


@login_required
@require_POST
def register(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.MOVEMENT_EDIT)
    form = RegisterForm(request.POST, groups=groups_on(ward, timezone.localdate()))
    if form.is_valid():
        try:
            created = services.safety_register(
                actor=request.user, ward=ward, year=year, groups=list(form.cleaned_data["groups"]),
                include_ward=form.cleaned_data.get("include_ward", False))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d registrations recorded for %(year)s.")
                             % {"count": created, "year": year})
    else:
        messages.error(request, _("Choose groups from the list."))
    return redirect(_ward_url(ward, year))


@login_required
def recognise(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.SAFETY_RECOGNISE)
    situation = selectors.ward_year(ward, year, timezone.localdate())
    waiting = {row.group.pk: row.assessment for row in situation.waiting_recognition}
    form = GroupsDecisionForm(request.POST or None, request.FILES or None,
                              groups=selectors.groups_among(ward, situation.day, set(waiting)),
                              initial={"groups": list(waiting), "signer": _default_signer(ward)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.safety_groups_recognise(
                actor=request.user, ward=ward, year=year,
                assessments=[a for g in data["groups"] if (a := waiting.get(g.pk))],
                data=services.DecisionInput(number=data["number"], signed_on=data["signed_on"],
                                            signer=data["signer"], document=data["document"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d groups recognised “An toàn về ANTT”.")
                             % {"count": len(data["groups"])})
            return redirect(_ward_url(ward, year))
    return render(request, "movement/recognise.html",
                  {"ward": ward, "year": year, "form": form})


@login_required
def assess_group(request: Request, code: str, year: int, group: int) -> HttpResponse:
    """Open (or carry over from merged or split groups) a group's assessment."""
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.MOVEMENT_EDIT)
    unit = selectors.groups_among(ward, judgement_day(year, timezone.localdate()),
                                  [group]).first()
    if unit is None:
        messages.error(request, _("This group is not in the ward in %(year)s.") % {"year": year})
        return redirect(_ward_url(ward, year))
    try:
        assessment = services.safety_assessment_for_group(actor=request.user, ward=ward,
                                                          group=unit, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_ward_url(ward, year))
    return redirect("movement:assess", assessment.pk)


@login_required
def assess(request: Request, pk: int) -> HttpResponse:
    assessment = selectors.safety_assessment_get_for_user(request.user, pk)
    criteria = selectors.criteria_of(assessment.criteria_set)
    computed = services.computed_values(assessment, criteria)
    stored = selectors.stored_values(assessment)
    initial: dict[str, str] = {}
    for criterion_id, stored_value in stored.items():
        initial[f"c{criterion_id}"] = stored_value.value
        initial[f"e{criterion_id}"] = stored_value.evidence
    can_edit = can(request.user, Action.MOVEMENT_EDIT, assessment) and not assessment.is_recognised
    form = AssessmentForm(request.POST or None, criteria=criteria, computed=set(computed),
                          initial=initial)
    if request.method == "POST":
        require(request.user, Action.MOVEMENT_EDIT, assessment)
        if form.is_valid():
            raw, evidence = form.raw()
            try:
                services.safety_assessment_save(actor=request.user, assessment=assessment,
                                                raw=raw, evidence=evidence)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The assessment was saved."))
                return redirect(_ward_url(assessment.ward, assessment.year))
    rows = []
    for criterion in criteria:
        value = computed[criterion.pk].value if criterion.pk in computed else (
            stored[criterion.pk].value if criterion.pk in stored else "")
        rows.append({"criterion": criterion, "computed": computed.get(criterion.pk),
                     "judgement": criterion.evaluate(value), "value": value,
                     "shown": criterion.format_value(
                         value, yes=_("Yes"), no=_("No"),
                         number=lambda n: formats.number_format(n.normalize())),
                     "field": form[f"c{criterion.pk}"] if f"c{criterion.pk}" in form.fields
                     else None,
                     "evidence": form[f"e{criterion.pk}"] if f"e{criterion.pk}" in form.fields
                     else None})
    return render(request, "movement/assess.html", {
        "a": assessment, "form": form, "rows": rows, "can_edit": can_edit,
        "is_commune": assessment.unit_id == assessment.ward_id,
        "can_decide": assessment.unit_id == assessment.ward_id and can(
            request.user, Action.SAFETY_DECIDE, assessment.ward)
        and not assessment.is_recognised,
    })


@login_required
def decide(request: Request, pk: int) -> HttpResponse:
    """The city records the recognition of a commune or ward."""
    assessment = selectors.safety_assessment_get_for_user(request.user, pk)
    require(request.user, Action.SAFETY_DECIDE, assessment.ward)
    form = DecisionForm(request.POST or None, request.FILES or None,
                        initial={"signer": standard().commune_signer})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.safety_commune_decide(
                actor=request.user, assessment=assessment,
                data=services.DecisionInput(number=data["number"], signed_on=data["signed_on"],
                                            signer=data["signer"], document=data["document"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recognition was recorded."))
            return redirect(_ward_url(assessment.ward, assessment.year))
    return render(request, "movement/decide.html", {"a": assessment, "form": form})


# --- Results in a spreadsheet -------------------------------------------------------------

@login_required
def results_xlsx(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code)
    criteria_set = selectors.criteria_set_for(CriteriaSet.Purpose.SAFE_GROUP, year)
    criteria = services.entered_criteria(selectors.criteria_of(criteria_set)) \
        if criteria_set else []
    situation = selectors.ward_year(ward, year, timezone.localdate())
    rows = selectors.results_rows(situation)
    body = results_io.results_xlsx(criteria=criteria, rows=rows, caption=request.user
                                   .export_caption(f"Kết quả đánh giá {ward.group_noun} “An "
                                                   f"toàn về ANTT” năm {year}", ward.name))
    return download(body, XLSX_CONTENT_TYPE, f"an-toan-antt-{ward.code}-{year}.xlsx")


@login_required
def results_import(request: Request, code: str, year: int) -> HttpResponse:
    year = programme_year(year)
    ward = selectors.ward_get_for_user(request.user, code, Action.MOVEMENT_EDIT)
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            count = services.safety_results_import(actor=request.user, ward=ward, year=year,
                                                   uploaded_file=form.cleaned_data["file"])
        except ImportErrors as invalid:
            problems = invalid.errors
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)d groups assessed from the file.")
                             % {"count": count})
            return redirect(_ward_url(ward, year))
    return render(request, "movement/results_import.html", {
        "ward": ward, "year": year, "form": form, "errors": problems})


# --- The movement's models ----------------------------------------------------------------

@login_required
def model_new(request: Request, code: str) -> HttpResponse:
    ward = selectors.ward_get_for_user(request.user, code, Action.MOVEMENT_EDIT)
    return _model_form(request, ward, None)


@login_required
def model_edit(request: Request, pk: int) -> HttpResponse:
    model = selectors.movement_model_get_for_user(request.user, pk, Action.MOVEMENT_EDIT)
    return _model_form(request, model.ward, model)


def _model_form(request: Request, ward: OrgUnit, model: MovementModel | None
                ) -> HttpResponse:
    groups = groups_on(ward, timezone.localdate())
    initial: dict[str, Any] = {"started_on": timezone.localdate()}
    if model is not None:
        initial = {"type": model.type, "name": model.name, "started_on": model.started_on,
                   "groups": selectors.model_groups(model), "participants": model.participants,
                   "results": model.results}
    form = ModelForm(request.POST or None, request.FILES or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.movement_model_save(
                actor=request.user, ward=ward, model=model,
                data=services.ModelInput(type=data["type"], name=data["name"],
                                         started_on=data["started_on"],
                                         groups=list(data["groups"]),
                                         participants=data["participants"] or 0,
                                         results=data["results"]),
                photos=[data["photo"]] if data.get("photo") else [])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The model was saved."))
            return redirect(reverse("movement:ward", args=[ward.code,
                                                           timezone.localdate().year])
                            + "#models")
    return render(request, "movement/model_form.html",
                  {"ward": ward, "model": model, "form": form})


@login_required
def model_review(request: Request, pk: int) -> HttpResponse:
    model = selectors.movement_model_get_for_user(request.user, pk, Action.MOVEMENT_EDIT)
    form = ReviewForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.model_review_save(actor=request.user, model=model, year=data["year"],
                                       verdict=data["verdict"], note=data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review was saved."))
            return redirect(reverse("movement:ward", args=[model.ward.code, data["year"]])
                            + "#models")
    return render(request, "movement/model_review.html",
                  {"model": model, "form": form, "reviews": selectors.model_reviews(model)})


@login_required
def model_types(request: Request) -> HttpResponse:
    require(request.user, Action.MOVEMENT_VIEW)
    can_manage = can(request.user, Action.MOVEMENT_MANAGE)
    edited = selectors.model_type_get(request.GET.get("edit", ""))
    initial = ({"name": edited.name, "description": edited.description,
                "is_active": edited.is_active} if edited else {"is_active": True})
    form = ModelTypeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, Action.MOVEMENT_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.model_type_save(actor=request.user, name=data["name"],
                                         description=data["description"],
                                         is_active=data["is_active"], model_type=edited)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The list of kinds was saved."))
                return redirect("movement:types")
    return render(request, "movement/types.html", {
        "types": selectors.model_types(), "form": form if can_manage else None,
        "edited": edited})

