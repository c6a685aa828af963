"""The evidence-file panel of a unit page, shared by the template tag and the views."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.models import User
from accounts.permissions import Action, can
from attachments.forms import AttachmentUploadForm
from attachments.selectors import attachment_list
from attachments.validation import format_mb
from units.models import OrgUnit


def panel_context(
    *, user: User, unit: OrgUnit, form: AttachmentUploadForm | None = None, notice: str = "",
    problem: str = "",
) -> dict[str, Any]:
    visible = can(user, Action.ATTACHMENT_VIEW, unit)
    rows = []
    if visible:
        for attachment in attachment_list(actor=user, org_unit=unit):
            rows.append(
                {"attachment": attachment,
                 "can_delete": can(user, Action.ATTACHMENT_DELETE, attachment)}
            )
    can_upload = can(user, Action.ATTACHMENT_UPLOAD, unit)
    return {
        "problem": problem,
        "unit": unit,
        "visible": visible,
        "rows": rows,
        "any_can_delete": any(row["can_delete"] for row in rows),
        "can_upload": can_upload,
        "form": (form or AttachmentUploadForm()) if can_upload else None,
        "notice": notice,
        "max_mb": format_mb(settings.ATTACHMENT_MAX_BYTES),
    }
