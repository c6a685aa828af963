"""Recognition rounds: the city opens them and follows registrations; wards register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import Request
from accounts.permissions import Action, can, require
from assessments import documents, procedure_services, selectors, services
from assessments.forms import RoundFilterForm, RoundOpenForm
from assessments.forms_procedure import ProposalSendForm
from assessments.procedure_selectors import proposal_list, proposal_pending
from core.documents import DOCX_CONTENT_TYPE
from core.forms import add_service_errors
from directory.selectors import unit_get_for_user


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: Request) -> HttpResponse:
    user = request.user
    require(user, Action.ASSESSMENT_VIEW)
    form = None
    if can(user, Action.ROUND_MANAGE):
        form = RoundOpenForm(
            request.POST or None, provinces=selectors.manageable_provinces(user),
            criteria_sets=selectors.criteria_sets_for_rounds(),
        )
    if request.method == "POST":
        require(user, Action.ROUND_MANAGE)
        assert form is not None  # built for whoever holds that right
        if form.is_valid():
            data = form.cleaned_data
            try:
                opened = services.round_open(
                    actor=user, province=data["province"], year=data["year"],
                    criteria_set=data["criteria_set"],
                    registration_deadline=data["registration_deadline"],
                    submission_deadline=data["submission_deadline"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The %(year)s round is open.") % {"year": opened.year})
                return redirect("assessments:round_detail", year=opened.year)
    all_rounds = list(selectors.round_list(actor=user))
    city_rounds = [r for r in all_rounds if can(user, Action.ASSESSMENT_VIEW, r)]
    wards = selectors.own_wards(user)
    dossiers = selectors.assessments_of_wards(wards)
    today = timezone.localdate()
    ward_rounds = [
        {
            "ward": ward,
            "round": round_,
            "assessment": dossiers.get((round_.pk, ward.pk)),
            "registration_open": round_.registration_open_on(today),
            "can_register": can(user, Action.ASSESSMENT_REGISTER, ward),
        }
        for ward in wards
        for round_ in all_rounds
        if round_.province_id == ward.province_id
    ]
    state_counts = selectors.round_state_counts(city_rounds)
    unit_counts = selectors.commune_unit_counts({r.province_id for r in city_rounds})
    context = {
        "form": form,
        "city_rounds": [
            {"round": r, "units": unit_counts.get(r.province_id, 0),
             "states": state_counts.get(r.pk, [])}
            for r in city_rounds
        ],
        "ward_rounds": ward_rounds,
        "is_ward_user": bool(wards),
    }
    return render(request, "assessments/rounds.html", context)


@login_required
def round_detail(request: Request, year: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(request.user, year)
    filters = RoundFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    units = selectors.round_units(actor=request.user, round=round_, status=status)
    context = {
        "round": round_,
        "filters": filters,
        "units": units,
        "state_counts": selectors.round_state_counts([round_]).get(round_.pk, []),
        "unit_count": selectors.commune_unit_counts({round_.province_id}).get(
            round_.province_id, 0),
        "pass_score": round_.criteria_set.pass_score,
    }
    if can(request.user, Action.ASSESSMENT_DECIDE, round_.province):
        context |= {"pending": proposal_pending(round=round_),
                    "proposals": proposal_list(round=round_),
                    "send_form": ProposalSendForm()}
    template = "assessments/round_detail.html"
    if request.htmx:
        template += "#unit-table"
    return render(request, template, context)


@login_required
@require_POST
def register(request: Request, year: int, code: str) -> HttpResponse:
    ward = unit_get_for_user(request.user, code, Action.ASSESSMENT_REGISTER)
    round_ = selectors.round_get_for_ward(ward=ward, year=year)
    try:
        services.registration_create(actor=request.user, round=round_, ward=ward)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _(
            "%(ward)s is registered to strive for recognition in %(year)s. Its self-assessment "
            "is open."
        ) % {"ward": ward.name, "year": round_.year})
    return redirect("assessments:rounds")


@login_required
def proposal_docx(request: Request, year: int) -> HttpResponse:
    """The draft proposal to the Ministry, listing the dossiers the council approved."""
    round_ = selectors.round_get_for_user(request.user, year)
    require(request.user, Action.ASSESSMENT_DECIDE, round_.province)
    pending = proposal_pending(round=round_)
    if not pending:
        messages.error(request, _("No dossier of %(year)s waits to be proposed.")
                       % {"year": year})
        return redirect("assessments:round_detail", year=year)
    response = HttpResponse(documents.proposal_docx(round_, pending, draft=True),
                            content_type=DOCX_CONTENT_TYPE)
    name = documents.proposal_filename(round_)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def proposal_send(request: Request, year: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(request.user, year)
    require(request.user, Action.ASSESSMENT_DECIDE, round_.province)
    form = ProposalSendForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal = procedure_services.proposal_send(
                actor=request.user, round=round_, number=data["number"],
                sent_on=data["sent_on"], document=data["document"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal %(number)s recorded as sent.")
                             % {"number": proposal.number})
            return redirect(reverse("assessments:round_detail", args=[year]) + "#proposal")
    messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                     for e in errors))
    return redirect(reverse("assessments:round_detail", args=[year]) + "#proposal")
