"""Evidence files: stored outside the static root, served only after a permission check."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _storage_path(instance: Attachment, filename: str) -> str:
    # A random name on disk: the user's file name never becomes a path.
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    file = models.FileField(_("file"), upload_to=_storage_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The scope the file belongs to; exactly one is set. Permissions follow it.
    org_unit = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, null=True, blank=True, related_name="attachments",
        verbose_name=_("unit"),
    )
    agency = models.ForeignKey(
        "units.Agency", models.PROTECT, null=True, blank=True, related_name="attachments",
        verbose_name=_("agency"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_unit__isnull=False, agency__isnull=True)
                | Q(org_unit__isnull=True, agency__isnull=False),
                name="attachment_has_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


CONTENT_TYPES: dict[str, str] = {
    Attachment.Kind.PDF: "application/pdf",
    Attachment.Kind.JPEG: "image/jpeg",
    Attachment.Kind.PNG: "image/png",
    Attachment.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Attachment.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
