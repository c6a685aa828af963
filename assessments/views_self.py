"""The ward's dossier: the self-assessment form, row by row, its evidence and its gaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.http import Request
from accounts.permissions import Action, can
from assessments import selectors, self_services, services
from assessments.forms import EvidenceForm, OverrideForm, ValueForm, value_initial
from assessments.models import Assessment, AssessmentValue
from assessments.procedure import lock_for
from attachments.selectors import attachment_get_for_user
from core.forms import add_service_errors


@dataclass
class Stale:
    """What another person saved while this user was typing, shown beside the typed input."""

    value: str
    explanation: str
    by: str
    at: str


@dataclass
class Item:
    """One criterion row as rendered: the row data, its form and what happened to it."""

    row: selectors.DossierRow
    form: ValueForm
    evidence_form: EvidenceForm | None = None
    stale: Stale | None = None
    notice: str = ""
    error: str = ""

    def __post_init__(self) -> None:
        if self.evidence_form is None:
            self.evidence_form = EvidenceForm(prefix=f"e{self.row.criterion.pk}")


def _can_edit(request: Request, assessment: Assessment) -> bool:
    return assessment.is_editable and can(request.user, Action.ASSESSMENT_EDIT, assessment)


def _flags(request: Request, assessment: Assessment) -> dict[str, bool]:
    """What the rows offer this user: editing (the ward), correcting computed values (city)."""
    return {"can_edit": _can_edit(request, assessment),
            "may_override": (assessment.state not in services.DECIDED_STATES
                             and can(request.user, Action.ASSESSMENT_REVIEW, assessment))}


def _form(request: Request, assessment: Assessment, row: selectors.DossierRow,
          data: Any = None) -> ValueForm:
    url = reverse("assessments:save_value", args=[assessment.pk, row.criterion.pk])
    htmx_attrs = {
        "hx-post": url, "hx-trigger": "change", "hx-target": "closest tr",
        "hx-swap": "outerHTML", "hx-include": f"#f-{row.criterion.pk}",
        # One save per row at a time: the next one must carry the revision the previous
        # one produced, or it would be refused as a stale edit by the same person.
        "hx-sync": "closest tr:queue last",
    }
    return ValueForm(
        data, initial=None if data is not None else value_initial(row.value),
        criterion=row.criterion, editable=_can_edit(request, assessment) and not row.is_parent,
        htmx_attrs=htmx_attrs,
    )


def _item(request: Request, assessment: Assessment, value: AssessmentValue, **extra: Any
          ) -> Item:
    row = selectors.dossier_row(value)
    return Item(row=row, form=_form(request, assessment, row), **extra)


def _totals(assessment: Assessment) -> dict[str, Any]:
    return {"assessment": assessment, "progress": selectors.dossier_progress(assessment)}


def _dossier(request: Request, assessment: Assessment, changed: Item | None = None
             ) -> HttpResponse:
    """The whole page; `changed` is a row to show as it was posted (errors, typed input)."""
    sections = []
    for group in selectors.dossier_groups(assessment):
        items = []
        for row in group.rows:
            if changed is not None and changed.row.criterion.pk == row.criterion.pk:
                items.append(changed)
            else:
                items.append(Item(row=row, form=_form(request, assessment, row)))
        sections.append({"group": group.group, "items": items})
    context = {
        "assessment": assessment,
        "sections": sections,
        "lock": lock_for(assessment),
        **_flags(request, assessment),
        # Without JavaScript the page reloads at its top: point to the row that failed.
        "changed": changed,
        **_totals(assessment),
    }
    return render(request, "assessments/assessment_detail.html", context)


def _row_response(request: Request, assessment: Assessment, item: Item,
                  *, with_totals: bool = False) -> HttpResponse:
    """One row for HTMX; after a save also the totals and the parents' computed results."""
    context: dict[str, Any] = {"item": item, **_flags(request, assessment),
                               "assessment": assessment}
    if with_totals:
        context["oob_totals"] = _totals(assessment)
        context["oob_rows"] = [
            _item(request, assessment, parent)
            for parent in selectors.value_ancestors(item.row.value)
        ]
    return render(request, "assessments/_criterion_row.html", context)


def _saved_response(request: Request, assessment: Assessment, item: Item) -> HttpResponse:
    """After an autosave, refresh only what the server computed, never the inputs.

    The user may have kept typing while the request was in flight; swapping the row
    would throw those characters away. The new revision travels in the result cell.
    """
    context: dict[str, Any] = {
        "item": item, **_flags(request, assessment), "assessment": assessment,
        "oob_totals": _totals(assessment),
        "oob_rows": [_item(request, assessment, parent)
                     for parent in selectors.value_ancestors(item.row.value)],
    }
    response = render(request, "assessments/_value_saved.html", context)
    response["HX-Reswap"] = "none"
    return response


def _anchor_url(assessment: Assessment, item: Item) -> str:
    return reverse("assessments:detail", args=[assessment.pk]) + "#" + item.row.anchor


@login_required
@require_GET
def assessment_detail(request: Request, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    return _dossier(request, assessment)


@login_required
@require_POST
def save_value(request: Request, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk, Action.ASSESSMENT_EDIT)
    value = selectors.assessment_value_get(assessment, criterion_pk)
    row = selectors.dossier_row(value)
    form = _form(request, assessment, row, request.POST)
    item = Item(row=row, form=form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_value_save(
                actor=request.user, assessment=assessment, criterion=row.criterion,
                raw_value=data["value"], explanation=data["explanation"],
                revision=data["revision"],
            )
        except services.StaleEdit as error:
            item = _stale_item(request, assessment, row, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = selectors.assessment_value_get(assessment, criterion_pk)
            stamp = formats.time_format(timezone.localtime(saved.updated_at), "TIME_FORMAT")
            item = _item(request, assessment, saved,
                         notice=_("Saved at %(time)s.") % {"time": stamp})
            if request.htmx:
                return _saved_response(request, assessment, item)
            messages.success(request, _("%(code)s saved.") % {"code": row.criterion.code})
            return redirect(_anchor_url(assessment, item))
    if request.htmx:
        return _row_response(request, assessment, item)
    return _dossier(request, assessment, changed=item)


def _stale_item(request: Request, assessment: Assessment, row: selectors.DossierRow,
                error: ValidationError) -> Item:
    """Keep what the user typed, show what is saved, and offer the new revision to overwrite."""
    current = selectors.assessment_value_get(assessment, row.criterion.pk)
    data = request.POST.copy()
    data["revision"] = str(current.revision)
    form = _form(request, assessment, row, data)
    form.add_error(None, error)
    stale = Stale(
        value=selectors.value_display(row.criterion, current.value),
        explanation=current.explanation,
        by=str(current.updated_by or _("someone")),
        at=formats.date_format(timezone.localtime(current.updated_at), "SHORT_DATETIME_FORMAT"),
    )
    return Item(row=selectors.dossier_row(current), form=form, stale=stale)


@login_required
@require_POST
def evidence_upload(request: Request, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk, Action.ASSESSMENT_EDIT)
    value = selectors.assessment_value_get(assessment, criterion_pk)
    evidence_form = EvidenceForm(request.POST, request.FILES, prefix=f"e{criterion_pk}")
    if evidence_form.is_valid():
        try:
            attachment = self_services.assessment_evidence_attach(
                actor=request.user, assessment=assessment, criterion=value.criterion,
                uploaded_file=evidence_form.cleaned_data["file"],
            )
        except ValidationError as error:
            evidence_form.add_error("file", error)
        else:
            notice = _("“%(name)s” was attached.") % {"name": attachment.original_name}
            item = _item(request, assessment,
                         selectors.assessment_value_get(assessment, criterion_pk), notice=notice)
            if request.htmx:
                return _row_response(request, assessment, item)
            messages.success(request, notice)
            return redirect(_anchor_url(assessment, item))
    item = _item(request, assessment, value, evidence_form=evidence_form)
    if request.htmx:
        return _row_response(request, assessment, item)
    return _dossier(request, assessment, changed=item)


@login_required
@require_POST
def evidence_remove(request: Request, pk: int, criterion_pk: int, attachment_pk: int
                    ) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk, Action.ASSESSMENT_EDIT)
    value = selectors.assessment_value_get(assessment, criterion_pk)
    attachment = attachment_get_for_user(request.user, attachment_pk)
    notice = problem = ""
    try:
        self_services.assessment_evidence_remove(
            actor=request.user, assessment=assessment, criterion=value.criterion,
            attachment=attachment,
        )
    except ValidationError as error:
        problem = " ".join(error.messages)
    else:
        notice = _("“%(name)s” is no longer evidence of %(code)s; it stays among the ward's "
                   "files.") % {"name": attachment.original_name, "code": value.criterion.code}
    item = _item(request, assessment, selectors.assessment_value_get(assessment, criterion_pk),
                 notice=notice, error=problem)
    if request.htmx:
        return _row_response(request, assessment, item)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, notice)
    return redirect(_anchor_url(assessment, item))


@login_required
@require_GET
def gap(request: Request, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    context = {"assessment": assessment, "report": selectors.gap_to_recognition(assessment)}
    return render(request, "assessments/gap.html", context)


@login_required
def override_value(request: Request, pk: int, criterion_pk: int) -> HttpResponse:
    """The city coordinator corrects a computed value, with the reason (audited, printed)."""
    assessment = selectors.assessment_get_for_user(request.user, pk, Action.ASSESSMENT_REVIEW)
    value = selectors.assessment_value_get(assessment, criterion_pk)
    form = OverrideForm(request.POST or None, criterion=value.criterion,
                        initial={"value": value.value})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_value_override(
                actor=request.user, assessment=assessment, criterion=value.criterion,
                raw_value=form.cleaned_data["value"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s corrected.") % {"code": value.criterion.code})
            return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#"
                            + selectors.row_anchor(value.criterion))
    return render(request, "assessments/value_override.html", {
        "assessment": assessment, "value": value, "form": form,
        "shown": selectors.value_display(value.criterion, value.value)})


@login_required
@require_POST
def refresh_sources(request: Request, pk: int) -> HttpResponse:
    """Read the computed criteria again (after the ward entered new indicators, say)."""
    assessment = selectors.assessment_get_for_user(request.user, pk, Action.ASSESSMENT_EDIT)
    try:
        changed = services.assessment_sources_refresh(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ngettext(
            "The computed values were read again: %(count)d changed.",
            "The computed values were read again: %(count)d changed.", changed)
            % {"count": changed})
    return redirect("assessments:detail", pk=assessment.pk)
