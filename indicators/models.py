"""Security and order indicators: definitions as data, monthly values per ward, and the
totals the dashboards read (kept exactly consistent with the values by
indicators.services, in the same transaction as every change of a value)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndicatorDefinition(models.Model):
    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        AVERAGE = "average", _("Average")
        RATIO = "ratio", _("Ratio of two indicators")

    class PeriodType(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    numerator = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("numerator"))
    denominator = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("denominator"))
    higher_is_better = models.BooleanField(_("higher is better"), default=False)
    period_type = models.CharField(_("period"), max_length=10, choices=PeriodType.choices,
                                   default=PeriodType.MONTH)
    # "Solved" can never exceed "reported" in the same ward and month.
    not_above = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("never above"))
    whole_number = models.BooleanField(_("whole numbers only"), default=True)
    # Figures another part of the system records (the groups' recognitions): nobody types
    # them; what they come from, as the refusal names it.
    filled_by = models.CharField(_("filled in by the system from"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(aggregation="ratio")
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_parts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.aggregation == self.Aggregation.RATIO

    def typing_refusal(self) -> str | None:
        """Why a person may not type this indicator's figures, or None."""
        if self.is_computed:
            return str(_("%(name)s is computed from other indicators; it is not typed.")
                       % {"name": self.name})
        if self.filled_by:
            return str(_("%(name)s is filled in by the system from %(source)s; it is not "
                         "typed.") % {"name": self.name, "source": self.filled_by})
        return None


class IndicatorValue(models.Model):
    """One ward's figure for one indicator and month (first day of the month)."""

    indicator = models.ForeignKey(IndicatorDefinition, models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="indicator_values",
                             verbose_name=_("ward"))
    month = models.DateField(_("month"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "ward", "month"],
                                    name="value_unique_ward_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="value_month_first_day"),
        ]
        indexes = [models.Index(fields=["ward", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.ward_id} {self.month:%m/%Y}: {self.value}"


class ProvinceMonthTotal(models.Model):
    """Σ and count of one indicator's values over a province's wards in one month."""

    indicator = models.ForeignKey(IndicatorDefinition, models.CASCADE, related_name="+")
    province = models.ForeignKey("units.OrgUnit", models.CASCADE, related_name="+")
    month = models.DateField()
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "province", "month"],
                                    name="province_month_total_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.province_id}/{self.month:%m/%Y}: {self.total}"


class WardYearTotal(models.Model):
    """Σ and count of one indicator's values for one ward over one year."""

    indicator = models.ForeignKey(IndicatorDefinition, models.CASCADE, related_name="+")
    ward = models.ForeignKey("units.OrgUnit", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "ward", "year"],
                                    name="ward_year_total_unique"),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.ward_id}/{self.year}: {self.total}"


class WardBoundary(models.Model):
    """A ward's outline (GeoJSON geometry, WGS84) uploaded by the city for the map."""

    ward = models.OneToOneField("units.OrgUnit", models.CASCADE, related_name="boundary",
                                verbose_name=_("ward"))
    geometry = models.JSONField(_("geometry"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("ward boundary")
        verbose_name_plural = _("ward boundaries")

    def __str__(self) -> str:
        return str(self.ward)
