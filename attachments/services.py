"""Writes for evidence files. Creation and deletion are audited by the model's signals."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import Action, require
from attachments.models import Attachment
from attachments.validation import validate_upload
from audit.models import AuditEntry
from audit.services import audit_record
from units.models import Agency, OrgUnit

DESCRIPTION_MAX_LENGTH = 300


def _sha256(uploaded_file: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def attachment_create(
    *,
    actor: User,
    uploaded_file: UploadedFile,
    org_unit: OrgUnit | None = None,
    agency: Agency | None = None,
    description: str = "",
) -> Attachment:
    if (org_unit is None) == (agency is None):
        raise ValueError("An attachment belongs to exactly one unit or one agency.")
    target = org_unit if org_unit is not None else agency
    require(actor, Action.ATTACHMENT_UPLOAD, target)
    description = description.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            _("The description is longer than %(limit)s characters."),
            code="description_too_long", params={"limit": DESCRIPTION_MAX_LENGTH},
        )
    checked = validate_upload(uploaded_file)
    attachment = Attachment(
        original_name=checked.name,
        kind=checked.kind,
        size=uploaded_file.size or 0,
        # Before the file is stored: storing a temporary upload moves it away.
        sha256=_sha256(uploaded_file),
        description=description,
        org_unit=org_unit,
        agency=agency,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    # upload_to gives the stored file a random name; the name passed here is unused.
    attachment.file.save(checked.name, uploaded_file, save=False)
    try:
        attachment.save()
    except BaseException:
        # A file without a row is never served, but it would fill the disk unnoticed.
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    require(actor, Action.ATTACHMENT_DELETE, attachment)
    storage, name = attachment.file.storage, attachment.file.name
    try:
        with transaction.atomic():
            attachment.delete()
    except ProtectedError:
        # A dossier's summary, minutes or decision: the record it proves must keep it.
        raise ValidationError(_(
            "“%(name)s” is part of a recognition dossier (a summary, minutes or decision) and "
            "cannot be deleted.") % {"name": attachment.original_name}, code="protected"
        ) from None
    # Only once the row is surely gone: a rolled-back delete must still find its file.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def attachment_access_record(*, actor: User, attachment: Attachment) -> AuditEntry:
    """Trace who opened a file (Decree 13/2023 asks for access logs on personal data)."""
    return audit_record(action=AuditEntry.Action.ACCESS, obj=attachment, user=actor)
