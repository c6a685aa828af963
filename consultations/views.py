"""The Fatherland Front's pages: campaigns, printing, paper tallies, results, the summary.

Every form posts plainly and redirects; HTMX only narrows what is swapped (the results
filter, the group list of the new-campaign form).
"""

from __future__ import annotations

from typing import Any

import segno
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
from consultations import manage_selectors, manage_services, selectors, services
from consultations.documents import summary_filename
from consultations.forms import (
    RATING_ORDER,
    AttachForm,
    CampaignForm,
    ChannelFilterForm,
    CodesForm,
    ExtendForm,
    HideForm,
    TallyForm,
)
from consultations.models import Answer, Campaign, GroupLink, Response
from core.documents import DOCX_CONTENT_TYPE
from core.forms import add_service_errors
from core.imports import is_ascii_number

# Slips per printed A4 page: 2 columns × 5 rows, big enough to cut with scissors.
SLIPS_PER_PAGE = 10



def _answer_url(request: Request, link: GroupLink) -> str:
    """The group's public answer page, absolute, for links and QR codes."""
    return request.build_absolute_uri(reverse("answer:group", args=[link.token]))


def _short(url: str) -> str:
    """The address as typed on a phone: without the scheme."""
    return url.split("://", 1)[-1].rstrip("/")


def _is_open(campaign: Campaign) -> bool:
    return campaign.is_open_on(timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request: Request) -> HttpResponse:
    user = request.user
    require(user, Action.CONSULTATION_VIEW)
    form = None
    if can(user, Action.CONSULTATION_MANAGE):
        wards = manage_selectors.manageable_wards(user)
        chosen = request.GET.get("ward", "")
        ward = wards.filter(pk=chosen).first() if is_ascii_number(chosen) else None
        form = CampaignForm(request.POST or None, wards=wards, ward=ward)
    if request.method == "POST":
        require(user, Action.CONSULTATION_MANAGE)
        assert form is not None  # built for whoever holds that right
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    actor=user, ward=data["ward"], year=data["year"], opens_on=data["opens_on"],
                    closes_on=data["closes_on"], groups=list(data["groups"]) or None,
                    require_codes=data["require_codes"],
                    open_web_counts=data["open_web_counts"],
                    min_responses_per_group=data["min_responses_per_group"],
                    satisfaction_threshold=data["satisfaction_threshold"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The consultation was created."))
                return redirect("consultations:detail", pk=campaign.pk)
    if request.htmx and request.method == "GET" and form is not None:
        return render(request, "consultations/campaign_list.html#campaign-form", {"form": form})
    rows = manage_selectors.campaign_rows(selectors.campaign_list(actor=user))
    return render(request, "consultations/campaign_list.html",
                  {"form": form, "rows": rows, "today": timezone.localdate()})


@login_required
def campaign_detail(request: Request, pk: int, extend_form: ExtendForm | None = None
                    ) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    result = selectors.campaign_result(campaign)
    answered = {g.group.pk: g.answered for g in result.groups}
    groups = [{"link": link, "url": _answer_url(request, link),
               "answered": answered.get(link.group_id, 0)}
              for link in manage_selectors.campaign_links(campaign)]
    context = {
        "campaign": campaign, "groups": groups, "result": result,
        "is_open": _is_open(campaign),
        "can_manage": can(request.user, Action.CONSULTATION_MANAGE, campaign),
        "extensions": manage_selectors.campaign_extensions(campaign),
        "extend_form": extend_form or (
            ExtendForm() if can(request.user, Action.CONSULTATION_EXTEND, campaign)
            and campaign.closed_early_at is None else None),
    }
    return render(request, "consultations/campaign_detail.html", context,
                  status=400 if extend_form is not None else 200)


@login_required
@require_POST
def campaign_extend(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_EXTEND)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.campaign_extend(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation now takes answers until %(day)s.")
                             % {"day": form.cleaned_data["closes_on"].strftime("%d/%m/%Y")})
            return redirect("consultations:detail", pk=campaign.pk)
    return campaign_detail(request, campaign.pk, extend_form=form)


@login_required
@require_POST
def campaign_close(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the consultation closes now."))
        return redirect("consultations:detail", pk=campaign.pk)
    try:
        manage_services.campaign_close(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consultation is closed: no more answers are taken."))
    return redirect("consultations:detail", pk=campaign.pk)


@login_required
def qr_sheet(request: Request, pk: int, group_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    link = manage_selectors.campaign_group_link(campaign, group_pk)
    url = _answer_url(request, link)
    qr = segno.make(url, error="m").svg_inline(scale=10, border=2, omitsize=True)
    return render(request, "consultations/campaign_qr.html", {
        "campaign": campaign, "group": link.group, "url": url, "short_url": _short(url),
        "qr": qr,
    })


@login_required
@require_http_methods(["GET", "POST"])
def code_slips(request: Request, pk: int, group_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    link = manage_selectors.campaign_group_link(campaign, group_pk)
    can_manage = can(request.user, Action.CONSULTATION_MANAGE, campaign)
    form = CodesForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.CONSULTATION_MANAGE, campaign)
        if form.is_valid():
            try:
                new_codes = services.household_codes_issue(
                    actor=request.user, campaign=campaign, group=link.group,
                    count=form.cleaned_data["count"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(n)s codes issued.") % {"n": len(new_codes)})
                return redirect("consultations:code_slips", pk=campaign.pk,
                                group_pk=link.group_id)
    codes = manage_selectors.unused_codes(campaign, link.group)
    url = _answer_url(request, link)
    issued, used = manage_selectors.code_counts(campaign, link.group)
    pages = [codes[i:i + SLIPS_PER_PAGE] for i in range(0, len(codes), SLIPS_PER_PAGE)]
    return render(request, "consultations/campaign_slips.html", {
        "campaign": campaign, "group": link.group, "form": form, "pages": pages,
        "short_url": _short(url), "issued": issued, "used": used, "unused": len(codes),
        "can_manage": can_manage,
    })


@login_required
@require_http_methods(["GET", "POST"])
def tally(request: Request, pk: int, group_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    link = manage_selectors.campaign_group_link(campaign, group_pk)
    group = link.group
    form = TallyForm(request.POST or None, group=group,
                     questions=manage_selectors.rating_questions(campaign),
                     tallies=manage_selectors.group_tallies(campaign, group))
    if request.method == "POST" and form.is_valid():
        try:
            manage_services.paper_tally_save(actor=request.user, campaign=campaign,
                                             group=group, counts=form.counts())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_row_errors(error.message_dict)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The paper counts of %(group)s were saved.")
                             % {"group": group.name})
            return redirect("consultations:detail", pk=campaign.pk)
    return render(request, "consultations/tally.html", {
        "campaign": campaign, "group": group, "form": form, "ratings": RATING_ORDER,
    }, status=400 if form.is_bound and form.errors else 200)


def _results_context(request: Request, campaign: Campaign, before: str = "", **extra: Any
                     ) -> dict[str, Any]:
    before = before or request.GET.get("before", "")
    filters = ChannelFilterForm(request.GET or None)
    channels = filters.channels()
    result = selectors.campaign_result(campaign, channels)
    can_manage = can(request.user, Action.CONSULTATION_MANAGE, campaign)
    questions = manage_selectors.rating_questions(campaign)
    distribution = []
    for question in questions:
        counts = [sum(g.counts.get(question.code, {}).get(r, 0) for g in result.groups)
                  for r in RATING_ORDER]
        total = sum(counts)
        distribution.append({
            "question": question, "total": total,
            "cells": [{"rating": r, "n": n, "share": selectors.percent(n, total)}
                      for r, n in zip(RATING_ORDER, counts, strict=True)],
        })
    channel_labels = dict(Response.Channel.choices)
    all_channels = tuple(Response.Channel.values)
    counted_channels = campaign.counted_channels()
    counted = (result if set(result.channels) == set(counted_channels)
               else selectors.counted_result(campaign))
    # The summary attaches the counted channels' result, whatever the filter on screen.
    all_valid = counted.is_valid
    return {
        "group_rows": [(g, [g.by_channel.get(c, 0) for c in all_channels])
                       for g in result.groups],
        "all_valid": all_valid,
        "campaign": campaign, "filters": filters, "result": result, "counted": counted,
        "counted_names": [channel_labels[c] for c in counted_channels],
        "channel_names": [channel_labels[c] for c in result.channels],
        "channels": Response.Channel.choices,
        "distribution": distribution, "ratings": RATING_ORDER,
        "comments": selectors.comment_page(campaign, include_hidden=can_manage,
                                           before=before),
        "comments_before": before,
        "can_manage": can_manage, "attach_form": AttachForm(),
        "bursts": selectors.answer_bursts(campaign) if can_manage else [], **extra,
    }


@login_required
def results(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    context = _results_context(request, campaign)
    template = "consultations/results.html"
    if request.htmx and request.htmx.target == "results-tables":
        template += "#results-tables"
    return render(request, template, context)


@login_required
@require_POST
def comment_hide(request: Request, pk: int, answer_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    answer = manage_selectors.campaign_answer_get_for_user(request.user, campaign, answer_pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            manage_services.answer_hide(actor=request.user, answer=answer,
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The comment is hidden from the results."))
            return redirect(_comment_url(campaign, answer))
    context = _results_context(request, campaign, selectors.comment_mark(answer),
                               hide_form=form, hide_pk=answer.pk)
    return render(request, "consultations/results.html", context, status=400)


@login_required
@require_POST
def comment_show(request: Request, pk: int, answer_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    answer = manage_selectors.campaign_answer_get_for_user(request.user, campaign, answer_pk)
    manage_services.answer_show(actor=request.user, answer=answer)
    messages.success(request, _("The comment is shown again."))
    return redirect(_comment_url(campaign, answer))


def _comment_url(campaign: Campaign, answer: Answer) -> str:
    """The results page at the comments page that holds `answer`, scrolled to it."""
    return (reverse("consultations:results", args=[campaign.pk])
            + f"?before={selectors.comment_mark(answer)}#comment-{answer.pk}")


@login_required
def contacts(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    manage_services.contacts_access_record(actor=request.user, campaign=campaign)
    return render(request, "consultations/campaign_contacts.html", {
        "campaign": campaign, "contacts": list(manage_selectors.contact_list(campaign)),
    })


@login_required
def summary_docx(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk)
    signer = manage_selectors.front_signer(request.user, campaign)
    response = HttpResponse(manage_services.summary_bytes(campaign, signer=signer),
                            content_type=DOCX_CONTENT_TYPE)
    name = summary_filename(campaign.ward.code, campaign.year)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def attach(request: Request, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.CONSULTATION_MANAGE)
    form = AttachForm(request.POST)
    attach_anyway = form.is_valid() and form.cleaned_data["attach_anyway"]
    try:
        record = manage_services.campaign_opinions_attach(
            actor=request.user, campaign=campaign, attach_anyway=attach_anyway)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("consultations:results", args=[campaign.pk]) + "#attach")
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role may not attach the summary."))
        return redirect(reverse("consultations:results", args=[campaign.pk]) + "#attach")
    messages.success(request, _("The summary was attached to the dossier and the "
                                "satisfaction criterion filled."))
    return redirect("assessments:detail", pk=record.assessment_id)
