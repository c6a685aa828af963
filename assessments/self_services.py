"""Writes of the self-assessment beyond `services`: evidence files on a criterion."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import services
from assessments.models import Assessment, AssessmentValue, Criterion
from attachments.models import Attachment
from attachments.services import attachment_create


def _editable_value(*, actor: User, assessment: Assessment, criterion: Criterion
                    ) -> AssessmentValue:
    return services.editable_value_lock(
        actor=actor, assessment=assessment, criterion=criterion,
        computed=_("This criterion is computed from its sub-criteria; attach the evidence "
                   "to a sub-criterion."),
    )


@transaction.atomic
def assessment_evidence_attach(
    *, actor: User, assessment: Assessment, criterion: Criterion, uploaded_file: UploadedFile,
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
    *, actor: User, assessment: Assessment, criterion: Criterion, attachment: Attachment
) -> None:
    """Unlink a file from the criterion; the file stays among the ward's files, traceable."""
    value = _editable_value(actor=actor, assessment=assessment, criterion=criterion)
    if not value.evidence.filter(pk=attachment.pk).exists():
        raise ValidationError(_("This file is not evidence of %(code)s.")
                              % {"code": criterion.code})
    value.evidence.remove(attachment)
