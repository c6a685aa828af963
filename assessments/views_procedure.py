"""The recognition procedure: steps, return with comments, opinions, council votes, outcome.

Every form posts plainly and redirects; with HTMX the panel swaps in place, and a step that
changes the dossier's state reloads the whole page, whose other parts depend on the state.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import Request
from accounts.permissions import Action
from assessments import procedure_services as services
from assessments.forms_procedure import (
    DecideForm,
    EndorseForm,
    ExtendForm,
    OpinionsForm,
    ReturnForm,
    StepForm,
    VoteForm,
)
from assessments.models import Assessment
from assessments.procedure import step_for
from assessments.procedure_selectors import (
    council_vote_list,
    review_value_list,
)
from assessments.selectors import assessment_get_for_user, value_display
from assessments.services import submission_extend
from assessments.templatetags.procedure import PAGE_URLS, panel_context
from core.forms import add_service_errors

S = Assessment.State



def _next_url(request: Request, assessment: Assessment) -> str:
    """Back to the page the panel was on (the dossier), else to the procedure page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _dossier_url(assessment)


def _dossier_url(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk]) + "#procedure-panel"


def _done(request: Request, assessment: Assessment, notice: str) -> HttpResponse:
    messages.success(request, notice)
    url = _next_url(request, assessment)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _panel(request: Request, assessment: Assessment, **kwargs: Any) -> HttpResponse:
    """The panel again, with the failed form; alone for HTMX, inside a page otherwise."""
    context = panel_context(user=request.user, assessment=assessment,
                            next_url=request.POST.get("next", ""), **kwargs)
    if request.htmx:
        return render(request, "assessments/_procedure_panel.html", context)
    return render(request, "assessments/procedure_detail.html", context)


@login_required
def procedure_detail(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk)
    context = panel_context(user=request.user, assessment=assessment,
                            next_url=request.get_full_path())
    return render(request, "assessments/procedure_detail.html", context)


@login_required
@require_POST
def transition(request: Request, pk: int, target: str) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk)
    if target not in S.values:
        messages.error(request, _("There is no such step."))
        return redirect(_dossier_url(assessment))
    if target in PAGE_URLS:
        # This step needs its own form (comments, files): send the user there.
        return redirect(PAGE_URLS[target], pk=assessment.pk)
    form = StepForm(request.POST, auto_id=f"id_{target}_%s")
    if form.is_valid():
        try:
            services.assessment_step(actor=request.user, assessment=assessment, target=target,
                                     reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, assessment, _("The dossier is now “%(state)s”.")
                         % {"state": assessment.get_state_display()})
    return _panel(request, assessment, failed=target, failed_form=form)


@login_required
@require_POST
def revoke(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk, Action.ASSESSMENT_DECIDE)
    form = StepForm(request.POST, auto_id=f"id_{S.REVOKED}_%s")
    if form.is_valid():
        try:
            services.assessment_revoke(actor=request.user, assessment=assessment,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, assessment, _("The recognition was revoked."))
    return _panel(request, assessment, failed=S.REVOKED, failed_form=form)


@login_required
@require_POST
def extend(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk, Action.ASSESSMENT_EXTEND)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            submission_extend(actor=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, assessment, _("%(ward)s may now submit until %(day)s.") % {
                "ward": assessment.ward.name,
                "day": form.cleaned_data["until"].strftime("%d/%m/%Y")})
    return _panel(request, assessment, extend_form=form)


def _refuse_state(request: Request, assessment: Assessment, target: str) -> HttpResponse | None:
    """A page for a step the dossier is not at: say why and go back, instead of a dead form."""
    if step_for(assessment.state, target) is not None:
        return None
    messages.error(request, _("A dossier in the state “%(state)s” cannot go to “%(target)s”.")
                   % {"state": assessment.get_state_display(), "target": S(target).label})
    return redirect(_dossier_url(assessment))


@login_required
def return_to_ward(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk, Action.ASSESSMENT_REVIEW)
    refused = _refuse_state(request, assessment, S.RETURNED)
    if refused:
        return refused
    form = ReturnForm(request.POST or None, values=list(review_value_list(assessment=assessment)))
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_return(actor=request.user, assessment=assessment,
                                       reason=form.cleaned_data["reason"],
                                       comments=form.comments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dossier was returned to the ward."))
            return redirect(_dossier_url(assessment))
    rows = [(value, field, value_display(value.criterion, value.value))
            for value, field in form.bound_rows()]
    return render(request, "assessments/procedure_return.html",
                  {"assessment": assessment, "form": form, "rows": rows})


@login_required
def attach_opinions(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(
        request.user, pk, Action.ASSESSMENT_ATTACH_OPINIONS
    )
    refusal = services.opinions_refusal(assessment)
    if refusal:
        messages.error(request, refusal)
        return redirect(_dossier_url(assessment))
    form = OpinionsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_opinions_attach(
                actor=request.user, assessment=assessment, uploaded_file=data["file"],
                opinions=services.Opinions(satisfaction_rate=data["satisfaction_rate"],
                                           asked=data["asked"], satisfied=data["satisfied"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The residents' opinions were attached."))
            return redirect(_dossier_url(assessment))
    return render(request, "assessments/procedure_opinions.html",
                  {"assessment": assessment, "form": form})


@login_required
def endorse(request: Request, pk: int) -> HttpResponse:
    """The ward People's Committee records its opinion (or the Party committee's)."""
    assessment = assessment_get_for_user(request.user, pk, Action.ASSESSMENT_ENDORSE)
    refusal = services.endorsement_refusal(assessment)
    if refusal:
        messages.error(request, refusal)
        return redirect(_dossier_url(assessment))
    form = EndorseForm(request.POST or None, request.FILES or None,
                       initial={"body": request.GET.get("body", "committee")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_endorse(actor=request.user, assessment=assessment,
                                        data=services.EndorsementInput(
                body=data["body"], opinion=data["opinion"], text=data["text"],
                document_number=data["document_number"], document_date=data["document_date"],
                document=data["document"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The opinion was recorded."))
            return redirect(_dossier_url(assessment))
    return render(request, "assessments/procedure_endorse.html",
                  {"assessment": assessment, "form": form})


@login_required
@require_POST
def vote(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.council_vote_record(actor=request.user, assessment=assessment,
                                         vote=form.cleaned_data["vote"],
                                         opinion=form.cleaned_data["opinion"])
        except PermissionDenied as error:
            return render(request, "assessments/procedure_refused.html",
                          {"assessment": assessment, "message": str(error)}, status=403)
        except ValidationError as error:
            if error.code == "state":
                # The outcome was recorded meanwhile: the vote form is gone from the panel.
                messages.error(request, " ".join(error.messages))
                url = _next_url(request, assessment)
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
            add_service_errors(form, error)
        else:
            notice = _("Your vote was recorded.")
            if request.htmx:
                return render(request, "assessments/_procedure_panel.html", panel_context(
                    user=request.user, assessment=assessment,
                    next_url=request.POST.get("next", ""), notice=notice))
            return _done(request, assessment, notice)
    return _panel(request, assessment, vote_form=form)


@login_required
def decide(request: Request, pk: int) -> HttpResponse:
    assessment = assessment_get_for_user(request.user, pk, Action.ASSESSMENT_DECIDE)
    outcome = request.GET.get("outcome", "")
    # Both the council's step (propose or not) and the Ministry's (recognised or not) can
    # end in "not recognised": a dossier that cannot go there has nothing to decide.
    refused = _refuse_state(request, assessment, S.NOT_RECOGNISED)
    if refused:
        return refused
    council = services.needs_council(assessment)
    initial: dict[str, Any] = {"outcome": outcome} if outcome in (
        S.PROPOSED, S.RECOGNISED, S.NOT_RECOGNISED) else {}
    ministry = step_for(S.PROPOSED, S.RECOGNISED)
    if ministry is not None and ministry.decided_by:
        initial["decision_signer"] = str(ministry.decided_by)
    form = DecideForm(request.POST or None, request.FILES or None, initial=initial,
                      needs_council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_decide(actor=request.user, assessment=assessment,
                                       outcome=services.Outcome(
                recognised=data["outcome"] == S.RECOGNISED,
                propose=data["outcome"] == S.PROPOSED,
                council_outcome=data.get("council_outcome", ""),
                minutes_file=data.get("minutes_file"),
                decision_number=data["decision_number"], decision_date=data["decision_date"],
                decision_signer=data["decision_signer"], decision_file=data["decision_file"],
                reason=data["reason"],
            ))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome was recorded: “%(state)s”.")
                             % {"state": assessment.get_state_display()})
            return redirect(_dossier_url(assessment))
    votes = list(council_vote_list(assessment=assessment))
    context = {
        "assessment": assessment, "form": form, "votes": votes,
        "tally": services.council_tally(assessment=assessment, votes=votes),
        "pass_warning": services.pass_rule_warning(assessment),
        "files_lost": request.method == "POST",
        "needs_council": council,
    }
    return render(request, "assessments/procedure_decide.html", context)
