"""What several apps' models have in common; abstract, so core owns no table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Extension(models.Model):
    """A deadline moved later for one thing, by someone, for a reason: what every
    extension records (consultations.CampaignExtension, assessments.SubmissionExtension).
    Each keeps the dates under its own names and is audited like its parent."""

    reason = models.TextField(_("reason"), max_length=1000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        abstract = True
