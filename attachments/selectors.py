"""Reads of evidence files, always through the permission layer."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from attachments.models import Attachment
from units.models import Agency, OrgUnit


def attachment_list(
    *, actor: User, org_unit: OrgUnit | None = None, agency: Agency | None = None
) -> QuerySet[Attachment]:
    """The files of one unit or one agency that the actor may see, newest first."""
    attachments = Attachment.objects.all()
    if org_unit is not None:
        attachments = attachments.filter(org_unit=org_unit)
    if agency is not None:
        attachments = attachments.filter(agency=agency)
    return scope(actor, attachments, Action.ATTACHMENT_VIEW).select_related(
        "uploaded_by", "org_unit", "agency"
    )


def attachment_get_for_user(
    actor: User, pk: int, action: Action = Action.ATTACHMENT_VIEW
) -> Attachment:
    """One file for a view: 404 outside the actor's scope, 403 in scope without `action`."""
    attachments = Attachment.objects.select_related("org_unit", "agency", "uploaded_by")
    return get_for_user(actor, attachments, action, pk=pk)
