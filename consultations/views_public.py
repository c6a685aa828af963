"""The residents' answer page: no login, no personal data, each answer counted once."""

from __future__ import annotations

import functools

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from audit.middleware import client_ip
from consultations import forms_public, selectors, services
from consultations.forms_public import AnswerForm
from consultations.models import Campaign, GroupLink
from consultations.services import SubmissionRefused

COOKIE_SALT = "consultations.answered"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Refusals that end the visit with a page of their own (template, HTTP status); the others
# (incomplete, invalid, bad_code) put the form back with the answers still in it.
REFUSAL_PAGES: dict[str, tuple[str, int]] = {
    "closed": ("consultations/answer_closed.html", 200),
    "not_open": ("consultations/answer_not_open.html", 200),
    "used_code": ("consultations/answer_used_code.html", 200),
    "already_answered": ("consultations/answer_already_answered.html", 200),
    "rate_limited": ("consultations/answer_rate_limited.html", 429),
    "tampered": ("consultations/answer_expired.html", 400),
}


def _cookie_name(campaign: Campaign) -> str:
    return f"km-answered-{campaign.pk}"


@functools.lru_cache(maxsize=4096)
def answered_mark(campaign_pk: int) -> str:
    """The value of the "answered" cookie for a campaign. Signed, so that a forged or
    foreign cookie reads as "not answered"; the same for every browser, so each process
    signs it once (signing per answer cost a tenth of storing one)."""
    return signing.Signer(salt=COOKIE_SALT).sign(str(campaign_pk))


def _answered_before(request: HttpRequest, campaign: Campaign) -> bool:
    value = request.COOKIES.get(_cookie_name(campaign))
    return value is not None and constant_time_compare(value, answered_mark(campaign.pk))


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/public_not_found.html", status=404)


def _refused(request: HttpRequest, link: GroupLink, code: str) -> HttpResponse:
    template, status = REFUSAL_PAGES[code]
    context = {"link": link, "campaign": link.campaign, "code": code}
    return render(request, template, context, status=status)


@never_cache  # every visit needs a fresh submission id; a cached form would share one
@require_http_methods(["GET", "POST"])
def group(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.group_link_get_public(token)
    if link is None:
        return _not_found(request)
    campaign = link.campaign
    closed = campaign.closed_reason(timezone.localdate())
    if closed:
        return _refused(request, link, closed)
    answered_before = _answered_before(request, campaign)
    if request.method == "POST":
        submission = forms_public.read_submission(request.POST, campaign)
        if submission.is_bot or submission.forged:
            # Look exactly like success so the bot learns nothing; store nothing.
            return HttpResponseRedirect(link.thanks_url)
        if not submission.nonce:
            return _refused(request, link, "tampered")
        problem = None
        if submission.complete:
            try:
                services.public_answer_submit(
                    link=link, raw_answers=submission.answers, nonce=submission.nonce,
                    household_code=submission.household_code, phone=submission.phone,
                    consent=forms_public.consent_text(campaign) if submission.consent else "",
                    client_ip=client_ip(request), answered_before=answered_before,
                )
            except SubmissionRefused as refusal:
                if refusal.code in REFUSAL_PAGES:
                    return _refused(request, link, str(refusal.code))
                problem = refusal
            else:
                response = HttpResponseRedirect(link.thanks_url)
                response.set_cookie(
                    _cookie_name(campaign), answered_mark(campaign.pk), max_age=COOKIE_MAX_AGE,
                    httponly=True, samesite="Lax", secure=request.is_secure(),
                )
                return response
        # Something needs a change: the whole form, bound to what was sent, says what and
        # where, with everything the resident entered still in it.
        form = AnswerForm(request.POST, campaign=campaign, code_first=answered_before)
        if form.is_valid() and problem is not None:
            # The answers themselves are fine: the refusal is about the household code.
            field = "household_code" if problem.code == "bad_code" else None
            form.add_error(field, problem.messages[0])
    else:
        form = AnswerForm(campaign=campaign, code_first=answered_before,
                          initial={"nonce": forms_public.new_nonce()})
    context = {"link": link, "campaign": campaign, "form": form,
               "answered_before": answered_before}
    return render(request, "consultations/answer_form.html", context)


@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.group_link_get_public(token)
    if link is None:
        return _not_found(request)
    context = {"link": link, "campaign": link.campaign}
    return render(request, "consultations/answer_thanks.html", context)
