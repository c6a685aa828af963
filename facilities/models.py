"""Headquarters and equipment of ward police units (section II.5 of the plan).

The two 2030 targets: every ward police unit in its own independent headquarters, and
100% of units equipped to norm. Headquarters are kept as dated records (the situation on
any date is the latest record on or before it); equipment as the current inventory per
item, with procurement plans that say when the gap will close.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HeadquartersRecord(models.Model):
    class Status(models.TextChoices):
        OWN = "own", _("Own independent headquarters")
        BORROWED_CITY = "borrowed_city", _("Borrowed from the city")
        BORROWED_COMMITTEE = "borrowed_committee", _("Borrowed from the ward People's Committee")
        SHARED = "shared", _("Shared with another body")
        NONE = "none", _("No headquarters")

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        DEGRADED = "degraded", _("Degraded")
        SERIOUSLY_DEGRADED = "seriously_degraded", _("Seriously degraded")

    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="headquarters_records",
        verbose_name=_("ward"),
    )
    valid_from = models.DateField(_("situation as of"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    land_area = models.DecimalField(_("land area (m²)"), max_digits=10, decimal_places=1,
                                    null=True, blank=True)
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=10, decimal_places=1,
                                     null=True, blank=True)
    storeys = models.PositiveSmallIntegerField(_("storeys"), null=True, blank=True)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices,
                                 blank=True)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    land_legal_status = models.CharField(_("legal status of the land"), max_length=300,
                                         blank=True)
    households_inside = models.PositiveIntegerField(
        _("households living inside the premises"), default=0
    )
    # The plan asks the Ministry for special headquarters criteria in the four old inner
    # districts (Ba Đình, Hoàn Kiếm, Hai Bà Trưng, Đống Đa).
    special_inner_district = models.BooleanField(
        _("special criteria for the old inner districts"), default=False
    )
    notes = models.TextField(_("notes"), blank=True)
    photos = models.ManyToManyField("attachments.Attachment", blank=True, related_name="+",
                                    verbose_name=_("photos"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("headquarters record")
        verbose_name_plural = _("headquarters records")
        ordering = ["ward", "-valid_from", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "valid_from"], name="hq_one_record_per_day"),
            models.CheckConstraint(condition=Q(land_area__isnull=True) | Q(land_area__gte=0),
                                   name="hq_land_area_not_negative"),
            models.CheckConstraint(condition=Q(floor_area__isnull=True) | Q(floor_area__gte=0),
                                   name="hq_floor_area_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.valid_from:%d/%m/%Y}"

    @property
    def is_independent(self) -> bool:
        return self.status == self.Status.OWN


class InvestmentProject(models.Model):
    """A proposal or an investment project for a ward police headquarters."""

    class Kind(models.TextChoices):
        NEW_BUILD = "new_build", _("New build")
        RENOVATION = "renovation", _("Renovation or upgrade")
        LAND_ALLOCATION = "land_allocation", _("Land allocation")
        TRANSFER = "transfer", _("Transfer of borrowed premises")

    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        IN_USE = "in_use", _("In use")
        CANCELLED = "cancelled", _("Cancelled")

    # Kinds that leave the ward with its own independent headquarters once in use.
    GIVES_INDEPENDENT_HQ = (Kind.NEW_BUILD, Kind.TRANSFER)

    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="hq_projects", verbose_name=_("ward")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    budget_source = models.CharField(_("budget source"), max_length=200, blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (million VND)"), max_digits=14,
                                         decimal_places=1, null=True, blank=True)
    approved_cost = models.DecimalField(_("approved cost (million VND)"), max_digits=14,
                                        decimal_places=1, null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices,
                             default=Stage.PROPOSED)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    expected_completion = models.DateField(_("expected completion"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("headquarters project")
        verbose_name_plural = _("headquarters projects")
        ordering = ["ward", "expected_completion", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(expected_completion__isnull=True)
                | Q(expected_completion__gte=models.F("approved_on")),
                name="project_completion_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EquipmentItem(models.Model):
    """A catalogue entry with the norm every ward police unit must have."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=100, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, default="chiếc")
    norm_per_unit = models.PositiveIntegerField(_("norm per ward police unit"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment catalogue")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class InventoryLine(models.Model):
    """What one ward police unit has of one catalogue item now."""

    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="inventory", verbose_name=_("ward")
    )
    item = models.ForeignKey(
        EquipmentItem, models.PROTECT, related_name="inventory", verbose_name=_("item")
    )
    usable = models.PositiveIntegerField(_("usable"), default=0)
    unusable = models.PositiveIntegerField(_("broken or worn out"), default=0)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("inventory line")
        verbose_name_plural = _("inventory")
        constraints = [
            models.UniqueConstraint(fields=["ward", "item"], name="inventory_unique_item"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.item}: {self.usable}"

    @property
    def gap(self) -> int:
        return max(self.item.norm_per_unit - self.usable, 0)


class ProcurementPlan(models.Model):
    """Items a ward police unit plans to receive in a year, with the budget."""

    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="procurements", verbose_name=_("ward")
    )
    item = models.ForeignKey(
        EquipmentItem, models.PROTECT, related_name="procurements", verbose_name=_("item")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.PositiveIntegerField(_("quantity"))
    budget = models.DecimalField(_("budget (million VND)"), max_digits=14, decimal_places=1,
                                 default=Decimal(0))
    expected_delivery = models.DateField(_("expected delivery"), null=True, blank=True)
    delivered = models.BooleanField(_("delivered"), default=False)

    class Meta:
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")
        ordering = ["year", "ward", "item"]

    def __str__(self) -> str:
        return f"{self.ward} {self.year}: {self.item} × {self.quantity}"
