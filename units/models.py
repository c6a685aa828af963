"""Administrative units, their mergers, and the bodies the plan assigns tasks to."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """A node of the administrative tree: province → (district) → commune level → group.

    Codes are the official GSO codes for provinces, districts and commune-level units;
    a residential group's code is local to its ward. Denormalised `province` and
    `commune` links let permission scoping filter in one indexed condition instead of
    walking the tree.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province / centrally governed city")
        DISTRICT = "district", _("District (before 07/2025)")
        WARD = "ward", _("Ward")
        COMMUNE = "commune", _("Commune")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        RESIDENTIAL_GROUP = "residential_group", _("Residential group")

    COMMUNE_LEVEL = (Kind.WARD, Kind.COMMUNE, Kind.SPECIAL_ZONE)

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    province = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune-level unit"),
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            # A code names one current unit; a retired unit may share it with its successor
            # (the GSO reused old ward codes in 2025).
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=Q(valid_to__isnull=True) & ~Q(kind="residential_group"),
                name="orgunit_unique_current_code",
            ),
            models.UniqueConstraint(
                fields=["parent", "code"],
                condition=Q(kind="residential_group"),
                name="orgunit_unique_group_code_per_ward",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_to_after_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["kind", "province"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.province_id, self.commune_id = self._derived_ancestors()
        super().save(*args, **kwargs)

    def _derived_ancestors(self) -> tuple[int | None, int | None]:
        if self.kind == self.Kind.PROVINCE or self.parent is None:
            return None, None
        parent = self.parent
        province_id = parent.pk if parent.kind == self.Kind.PROVINCE else parent.province_id
        if self.kind in self.COMMUNE_LEVEL:
            return province_id, None
        if self.kind == self.Kind.RESIDENTIAL_GROUP:
            commune_id = parent.pk if parent.kind in self.COMMUNE_LEVEL else parent.commune_id
            return province_id, commune_id
        return province_id, None

    @property
    def is_commune_level(self) -> bool:
        return self.kind in self.COMMUNE_LEVEL

    @property
    def group_noun(self) -> str:
        """What this commune-level unit calls its residential groups: "thôn" in a commune or
        special zone, "tổ dân phố" in a ward (Circular 124/2021 and local usage)."""
        if self.kind == self.Kind.WARD:
            return str(_("residential group"))
        return str(_("village (thôn)"))

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitMerger(models.Model):
    """Units A, B… became unit C on a date: their history rolls up into C."""

    successor = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="mergers_in", verbose_name=_("successor unit")
    )
    predecessors = models.ManyToManyField(
        OrgUnit, related_name="merged_into", verbose_name=_("merged units")
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit merger")
        verbose_name_plural = _("unit mergers")
        ordering = ["-effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.successor} ({self.effective_date:%d/%m/%Y})"


class Agency(models.Model):
    """A body the plan assigns tasks to (section IV), within one province's programme."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        DEPARTMENT = "department", _("Department")
        MEDIA = "media", _("Press and broadcasting")
        PARTY = "party", _("Party board")
        FRONT = "front", _("Fatherland Front")
        MASS_ORG = "mass_org", _("Mass organisation")
        JUDICIARY = "judiciary", _("Procuracy and court")
        MILITARY = "military", _("Military command")
        LOCAL_COMMITTEE = "local_committee", _("Local People's Committees")
        STEERING = "steering", _("Steering committee")
        OTHER = "other", _("Other bodies")

    province = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="agencies", verbose_name=_("province"),
        limit_choices_to={"kind": OrgUnit.Kind.PROVINCE},
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    plan_item = models.PositiveSmallIntegerField(_("item in section IV of the plan"))
    is_lead = models.BooleanField(_("lead body"), default=False)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A commune-level People's Committee is the body of one ward or commune; the plan's item
    # 25 (one row without a unit) stands for all of them.
    org_unit = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, related_name="committees",
        verbose_name=_("commune-level unit"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # A steering committee's member bodies (their leaders sit on it).
    members = models.ManyToManyField("self", symmetrical=False, blank=True,
                                     related_name="committees_joined",
                                     verbose_name=_("member bodies"))

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["plan_item", "code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="agency_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to)


class AgencyMerger(models.Model):
    """Bodies A, B… became body C on a date (the 2025 reorganisation): the plan's
    assignments of A and B pass to C from that day; reports of earlier periods stay theirs."""

    successor = models.ForeignKey(Agency, models.PROTECT, related_name="mergers_in",
                                  verbose_name=_("successor body"))
    predecessors = models.ManyToManyField(Agency, related_name="merged_into",
                                          verbose_name=_("merged bodies"))
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("merger of bodies")
        verbose_name_plural = _("mergers of bodies")
        ordering = ["-effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.successor} ({self.effective_date:%d/%m/%Y})"
