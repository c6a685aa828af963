"""Writes of the self-assessment beyond `services`: evidence files on a criterion."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.permissions import Action, can
from assessments.models import Assessment, AssessmentValue, Criterion
from attachments.models import Attachment
from attachments.services import attachment_create


def _editable_value(*, actor: Any, assessment: Assessment, criterion: Criterion
                    ) -> AssessmentValue:
    """The value row, locked, once the actor may edit and the dossier is still editable."""
    if not can(actor, Action.ASSESSMENT_EDIT, assessment):
        raise PermissionDenied(_("Your role may not edit this dossier."))
    # Locked like a value save, so that a submission cannot slip in between.
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_editable:
        raise ValidationError(_("The dossier is “%(state)s”; it cannot be edited now.")
                              % {"state": current.get_state_display()}, code="locked")
    if criterion.children.exists():
        raise ValidationError(_("This criterion is computed from its sub-criteria; attach the "
                                "evidence to a sub-criterion."))
    return AssessmentValue.objects.select_for_update().get(assessment=current,
                                                           criterion=criterion)


@transaction.atomic
def assessment_evidence_attach(
    *, actor: Any, assessment: Assessment, criterion: Criterion, uploaded_file: UploadedFile,
    description: str = "",
) -> Attachment:
    """Store a validated evidence file in the ward's files and link it to the criterion."""
    value = _editable_value(actor=actor, assessment=assessment, criterion=criterion)
    attachment = attachment_create(
        actor=actor, uploaded_file=uploaded_file, org_unit=assessment.ward,
        description=description or f"{criterion.code}. {criterion.title}"[:300],
    )
    value.evidence.add(attachment)
    return attachment


@transaction.atomic
def assessment_evidence_remove(
    *, actor: Any, assessment: Assessment, criterion: Criterion, attachment: Attachment
) -> None:
    """Unlink a file from the criterion; the file stays among the ward's files, traceable."""
    value = _editable_value(actor=actor, assessment=assessment, criterion=criterion)
    if not value.evidence.filter(pk=attachment.pk).exists():
        raise ValidationError(_("This file is not evidence of %(code)s.")
                              % {"code": criterion.code})
    value.evidence.remove(attachment)
