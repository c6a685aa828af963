"""Plans, their tasks per body, reporting periods and the reports bodies send the city police.

The plan's reporting regime: every body reports 6-monthly (before 15 June) and yearly
(before 15 December); the city police consolidates for the People's Committee. Data
cut-offs follow Decree 09/2019/NĐ-CP: from 15/12 of the previous year to 14/06 (6-monthly)
or to 14/12 (yearly).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    province = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    number = models.CharField(_("number"), max_length=100)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    # Who signed it for the issuer ("KT. CHỦ TỊCH, PHÓ CHỦ TỊCH …"), as printed.
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    # Reporting deadlines (day, month) of the plan's regime; configurable per plan.
    half_year_due_day = models.PositiveSmallIntegerField(_("6-monthly report due day"), default=15)
    half_year_due_month = models.PositiveSmallIntegerField(_("6-monthly report due month"),
                                                           default=6)
    year_due_day = models.PositiveSmallIntegerField(_("yearly report due day"), default=15)
    year_due_month = models.PositiveSmallIntegerField(_("yearly report due month"), default=12)
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the deadline"), default=5
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="plan_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    # A number as the decree writes it: "123/KH-UBND".
    NUMBER_PATTERN = re.compile(r"\d+/\S")

    @property
    def has_number(self) -> bool:
        """Whether `number` is a real one ("123/KH-UBND"): loaded data may hold a
        placeholder until the signed plan's number is known, and documents must not cite it."""
        return bool(self.NUMBER_PATTERN.match(self.number))

    def citation(self) -> str:
        """How a document names the plan: "Kế hoạch số 123/KH-UBND ngày 12/6/2024 của UBND
        Thành phố Hà Nội" or, while its number is unknown, "Kế hoạch của UBND …"."""
        if not self.has_number:
            return f"Kế hoạch của {self.issuer}"
        dated = f" ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        return f"Kế hoạch số {self.number}{dated} của {self.issuer}"

    def short_citation(self) -> str:
        """The plan in a document's summary line: "Kế hoạch số 123/KH-UBND", or its title up
        to "về" ("Kế hoạch triển khai Chỉ thị số 31-CT/TU … của Thành ủy Hà Nội")."""
        if self.has_number:
            return f"Kế hoạch số {self.number}"
        return self.title.split(" về ", 1)[0]

    def task_labels(self) -> dict[int, str]:
        """Each task's number as documents print it: its section ("IV.2"), with a letter
        when the section holds several tasks ("IV.1.a", "IV.1.b")."""
        tasks = list(self.tasks.order_by("order", "pk").values_list("pk", "section"))
        per_section: dict[str, int] = {}
        for _pk, section in tasks:
            per_section[section] = per_section.get(section, 0) + 1
        labels, seen = {}, dict.fromkeys(per_section, 0)
        for pk, section in tasks:
            if per_section[section] == 1:
                labels[pk] = section
            else:
                labels[pk] = f"{section}.{_letter(seen[section])}"
                seen[section] += 1
        return labels


def _letter(index: int) -> str:
    """The letter of the index-th point (a, b, c, d, đ, e, g, …): Vietnamese legal documents
    letter their points in the Vietnamese alphabet; past "y", points are numbered."""
    letters = "abcdđeghiklmnopqrstuvxy"
    return letters[index] if index < len(letters) else str(index + 1)


class PlanTask(models.Model):
    """One assignment of the plan: what a lead body must do, with whom, by when."""

    class Kind(models.TextChoices):
        # The People's Committee orders its own bodies; it asks ("đề nghị") the Party's
        # boards, the Front, mass organisations and the courts (the plan's items 16–23).
        ORDER = "order", _("Assignment")
        REQUEST = "request", _("Request")

    # Bodies outside the People's Committee's authority: their tasks are requests.
    REQUESTED_BODIES = ("party", "front", "mass_org", "judiciary")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    section = models.CharField(_("section"), max_length=30)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("task"))
    lead = models.ForeignKey(
        "units.Agency", models.PROTECT, related_name="lead_tasks", verbose_name=_("lead body")
    )
    coordinating = models.ManyToManyField(
        "units.Agency", blank=True, related_name="coordinating_tasks",
        verbose_name=_("coordinating bodies"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring (reported every period)"), default=True)
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    kind = models.CharField(_("kind of assignment"), max_length=10, choices=Kind.choices,
                            default=Kind.ORDER)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:60]}"


class ReportingPeriod(models.Model):
    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("6-monthly")
        YEAR = "year", _("Yearly")
        AD_HOC = "ad_hoc", _("Ad hoc")

    plan = models.ForeignKey(
        Plan, models.CASCADE, related_name="periods", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    cutoff_start = models.DateField(_("data from"))
    cutoff_end = models.DateField(_("data to"))
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year"], condition=~Q(kind="ad_hoc"),
                name="period_unique_regular",
            ),
            models.CheckConstraint(condition=Q(cutoff_end__gte=models.F("cutoff_start")),
                                   name="period_cutoff_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_late(self, submitted_at: datetime) -> bool:
        """A report is on time when it reaches the city police on or before the due date,
        by the calendar in Hanoi: the plan's "before 15/6" and "before 15/12" are stored as
        the due dates 15/6 and 15/12, the days the Decree 09/2019 data cut-offs (14/6,
        14/12) are followed by, so a report sent at 23:59 on 15/6 Hanoi time (16:59 UTC)
        is on time and one sent at 00:01 on 16/6 is late."""
        return timezone.localdate(submitted_at) > self.due_date


class Report(models.Model):
    """One body's report for one period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")

    period = models.ForeignKey(
        ReportingPeriod, models.CASCADE, related_name="reports", verbose_name=_("period")
    )
    agency = models.ForeignKey(
        "units.Agency", models.PROTECT, related_name="reports", verbose_name=_("body")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.DRAFT, db_index=True)
    summary = models.TextField(_("general summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )
    attachments = models.ManyToManyField("attachments.Attachment", blank=True, related_name="+",
                                         verbose_name=_("attachments"))
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="report_unique_body"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class ReportItem(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")

    report = models.ForeignKey(Report, models.CASCADE, related_name="items",
                               verbose_name=_("report"))
    task = models.ForeignKey(PlanTask, models.PROTECT, related_name="report_items",
                             verbose_name=_("task"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    figures = models.CharField(_("figures"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        ordering = ["report", "task__order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="item_unique_task"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.task_id}"


class ConsolidatedReport(models.Model):
    """The city police's consolidated report for a period, editable before export."""

    period = models.OneToOneField(ReportingPeriod, models.CASCADE, related_name="consolidated",
                                  verbose_name=_("period"))
    introduction = models.TextField(_("introduction"), blank=True)
    results = models.TextField(_("results by task"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")

    def __str__(self) -> str:
        return str(self.period)


class Notification(models.Model):
    """An in-app message (reminders, returned reports); the same text may go by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="notifications", verbose_name=_("user"))
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What the message is about, so a reminder is never sent twice for the same thing.
    key = models.CharField(_("key"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text
