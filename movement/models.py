"""The mass movement for national security: the yearly "An toàn về an ninh, trật tự"
standard (Circular 124/2021/TT-BCA) of residential groups and of communes and wards, and the
register of the movement's models with their yearly review.

A residential group (tổ dân phố in a ward, thôn in a commune) registers early in the year,
is assessed against the residential-group criteria set at the end of it, and is recognised
by the commune-level People's Committee chairman (`SafetyDecision`, one decision for the
groups it names). The commune or ward is assessed in the same way against its own set, in
which the share of recognised groups (at least 70%) is computed, never typed
(`movement/standard_rules.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SafetyDecision(models.Model):
    """A signed decision recognising units "An toàn về ANTT" for a year: the ward People's
    Committee chairman's for its residential groups, or the province-level one for a
    commune or ward (recorded by the city)."""

    class Level(models.TextChoices):
        GROUP = "group", _("Residential groups")
        COMMUNE = "commune", _("Commune or ward")

    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("commune-level unit"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("decision number"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    signer = models.CharField(_("signed by"), max_length=200)
    document = models.ForeignKey("attachments.Attachment", models.PROTECT, related_name="+",
                                 verbose_name=_("signed decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("“An toàn về ANTT” decision")
        verbose_name_plural = _("“An toàn về ANTT” decisions")
        ordering = ["-year", "ward", "signed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class SafetyAssessment(models.Model):
    """One unit's year under the standard: its registration, its assessment against the
    criteria set, and the decision that recognised it (if any).

    `ward` is the commune-level unit the permission layer scopes by: the group's ward, or the
    unit itself for the commune's own assessment. A group that replaced registered groups
    (merged or split during the year) carries their registration: `inherited_from`.
    """

    unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="safety_assessments",
                             verbose_name=_("unit"))
    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("commune-level unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey("assessments.CriteriaSet", models.PROTECT,
                                     related_name="safety_assessments",
                                     verbose_name=_("criteria set"))
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                      related_name="+", verbose_name=_("registered by"))
    inherited_from = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                                       related_name="+",
                                       verbose_name=_("registration carried from"))
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("assessed by"))
    # Whether every mandatory criterion is met and the pass mark reached, as last assessed.
    meets = models.BooleanField(_("meets the standard"), null=True, blank=True)
    decision = models.ForeignKey(SafetyDecision, models.PROTECT, null=True, blank=True,
                                 related_name="assessments", verbose_name=_("decision"))

    class Meta:
        verbose_name = _("“An toàn về ANTT” assessment")
        verbose_name_plural = _("“An toàn về ANTT” assessments")
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="safety_one_per_unit_year"),
            # Only a unit that met the standard can be recognised.
            models.CheckConstraint(condition=Q(decision__isnull=True) | Q(meets=True),
                                   name="safety_recognised_only_if_meets"),
        ]
        indexes = [models.Index(fields=["ward", "year"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def is_recognised(self) -> bool:
        return self.decision_id is not None

    @property
    def is_assessed(self) -> bool:
        return self.assessed_at is not None

    @property
    def status_label(self) -> str:
        if self.is_recognised:
            return str(_("Recognised"))
        if self.meets is True:
            return str(_("Meets the standard"))
        if self.meets is False:
            return str(_("Does not meet the standard"))
        return str(_("Registered"))


class SafetyValue(models.Model):
    """The value of one criterion in a unit's assessment, with its evidence."""

    assessment = models.ForeignKey(SafetyAssessment, models.CASCADE, related_name="values",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey("assessments.Criterion", models.PROTECT, related_name="+",
                                  verbose_name=_("criterion"))
    value = models.CharField(_("value"), max_length=500, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    # For computed criteria: what the system read (Vietnamese, as in the dossiers).
    source_note = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("“An toàn về ANTT” value")
        verbose_name_plural = _("“An toàn về ANTT” values")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"],
                                    name="safety_value_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}"


class ModelType(models.Model):
    """A kind of the movement's models (security cameras, self-managed patrol groups, …):
    one editable list for the province."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("kind of model")
        verbose_name_plural = _("kinds of models")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MovementModel(models.Model):
    """A model of the mass movement run in a ward (its register entry)."""

    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="movement_models",
                             verbose_name=_("commune-level unit"))
    type = models.ForeignKey(ModelType, models.PROTECT, related_name="models",
                             verbose_name=_("kind"))
    name = models.CharField(_("name"), max_length=300)
    started_on = models.DateField(_("started on"))
    groups = models.ManyToManyField("units.OrgUnit", blank=True, related_name="+",
                                    verbose_name=_("residential groups covered"))
    participants = models.PositiveIntegerField(_("people taking part"), default=0)
    results = models.TextField(_("results"), blank=True)
    photos = models.ManyToManyField("attachments.Attachment", blank=True, related_name="+",
                                    verbose_name=_("photos"))
    # Set by the review that found it stopped.
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("movement model")
        verbose_name_plural = _("movement models")
        ordering = ["ward", "type__order", "name"]

    def __str__(self) -> str:
        return self.name


class ModelReview(models.Model):
    """The yearly review of a model: effective, to improve, or stopped."""

    class Verdict(models.TextChoices):
        EFFECTIVE = "effective", _("Effective")
        IMPROVE = "improve", _("To improve")
        STOPPED = "stopped", _("Stopped")

    model = models.ForeignKey(MovementModel, models.CASCADE, related_name="reviews",
                              verbose_name=_("model"))
    year = models.PositiveSmallIntegerField(_("year"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now=True)

    class Meta:
        verbose_name = _("model review")
        verbose_name_plural = _("model reviews")
        ordering = ["model", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="model_review_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.model} — {self.year}: {self.get_verdict_display()}"
