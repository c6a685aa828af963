from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import Request
from accounts.permissions import Action
from attachments import services
from attachments.forms import AttachmentUploadForm
from attachments.panel import panel_context
from attachments.selectors import attachment_get_for_user
from attachments.validation import format_mb
from directory.selectors import unit_get_for_user


@login_required
@require_POST
def upload_to_unit(request: Request, code: str) -> HttpResponse:
    unit = unit_get_for_user(request.user, code, Action.ATTACHMENT_UPLOAD)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_create(
                actor=request.user, uploaded_file=form.cleaned_data["file"], org_unit=unit,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            notice = _("“%(name)s” was uploaded.") % {"name": attachment.original_name}
            if request.htmx:
                return render(request, "attachments/_panel.html",
                              panel_context(user=request.user, unit=unit, notice=notice))
            messages.success(request, notice)
            return redirect(reverse("units:detail", args=[unit.code]) + "#attachments-panel")
    if request.htmx:
        return render(request, "attachments/_panel.html",
                      panel_context(user=request.user, unit=unit, form=form))
    # Without JavaScript a redirect would lose the error and the description typed.
    context = {"unit": unit, "form": form, "max_mb": format_mb(settings.ATTACHMENT_MAX_BYTES)}
    return render(request, "attachments/upload_error.html", context)


@login_required
@require_GET
def download(request: Request, pk: int) -> FileResponse:
    attachment = attachment_get_for_user(request.user, pk, Action.ATTACHMENT_VIEW)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    services.attachment_access_record(actor=request.user, attachment=attachment)
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    # The file is the sender's content: never let a browser run or sniff it as a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete(request: Request, pk: int) -> HttpResponse:
    attachment = attachment_get_for_user(request.user, pk, Action.ATTACHMENT_DELETE)
    unit, name = attachment.org_unit, attachment.original_name
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as error:
        notice, failed = " ".join(error.messages), True
    else:
        notice, failed = _("“%(name)s” was deleted.") % {"name": name}, False
    if request.htmx and unit is not None:
        return render(request, "attachments/_panel.html", panel_context(
            user=request.user, unit=unit, notice="" if failed else notice,
            problem=notice if failed else ""))
    (messages.error if failed else messages.success)(request, notice)
    if unit is not None:
        return redirect(reverse("units:detail", args=[unit.code]) + "#attachments-panel")
    return redirect("agencies:list")
