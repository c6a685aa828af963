"""Building the ward police force (section II.4 of the plan): staffing by year, the city's
training plan and each ward's attendance, discipline; emulation and commendation (II.1,
II.2, IV.1); and the programme's interim and final reviews (IV.7).

Figures about officers are aggregates per unit and year: no record of an individual
officer is kept. Commendation is public, so a proposal names the person it commends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from force.rules import STAFFING_COUNTS


class Staffing(models.Model):
    """A ward police unit's force in a year: establishment against headcount, and counts."""

    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("ward"))
    year = models.PositiveSmallIntegerField(_("year"))
    establishment = models.PositiveIntegerField(_("establishment (biên chế)"))
    headcount = models.PositiveIntegerField(_("actual headcount"))
    leaders = models.PositiveIntegerField(_("leaders"), default=0)
    university = models.PositiveIntegerField(_("university degree or higher"), default=0)
    police_training = models.PositiveIntegerField(_("police training (college or higher)"),
                                                  default=0)
    political_theory = models.PositiveIntegerField(_("intermediate political theory or higher"),
                                                   default=0)
    foreign_language = models.PositiveIntegerField(_("foreign language certificate"), default=0)
    it_skills = models.PositiveIntegerField(_("IT certificate"), default=0)
    mass_mobilisation = models.PositiveIntegerField(_("trained in mass mobilisation"), default=0)
    living_in_ward = models.PositiveIntegerField(_("living in the ward"), default=0)
    average_age = models.DecimalField(_("average age"), max_digits=4, decimal_places=1,
                                      null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("staffing")
        verbose_name_plural = _("staffing")
        ordering = ["-year", "ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="staffing_one_per_year"),
            *(models.CheckConstraint(condition=Q(**{f"{name}__lte": F("headcount")}),
                                     name=f"staffing_{name}_within_headcount")
              for name in STAFFING_COUNTS),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year}"


class TrainingPlan(models.Model):
    """The city's training plan for a year; wards see it once published."""

    province = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="training_plan_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Course(models.Model):
    class Subject(models.TextChoices):
        POLITICS = "politics", _("Political education")
        MASS_MOBILISATION = "mass_mobilisation", _("Mass mobilisation skills")
        PROFESSIONAL = "professional", _("Law and professional skills")
        FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
        IT = "it", _("Information technology")
        LEADERSHIP = "leadership", _("Leadership and management")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        SHORT = "short", _("Short course")
        REFRESHER = "refresher", _("Refresher training")
        SELF = "self", _("Guided self-training")

    plan = models.ForeignKey(TrainingPlan, models.CASCADE, related_name="courses",
                             verbose_name=_("training plan"))
    title = models.CharField(_("title"), max_length=300)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.SHORT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    organiser = models.CharField(_("organiser"), max_length=200)
    places_per_ward = models.PositiveIntegerField(_("places per ward"))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["plan", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="course_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """How many officers of a ward took a course, and how many passed."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="attendance",
                               verbose_name=_("course"))
    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("ward"))
    trained = models.PositiveIntegerField(_("officers trained"))
    passed = models.PositiveIntegerField(_("officers who passed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["course", "ward"], name="attendance_once"),
            models.CheckConstraint(condition=Q(passed__lte=F("trained")),
                                   name="attendance_passed_within_trained"),
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.ward}"


class Discipline(models.Model):
    """Violations and officers disciplined in a ward and year, by level (no names)."""

    class Level(models.TextChoices):
        REPRIMAND = "reprimand", _("Reprimand")
        WARNING = "warning", _("Warning")
        DEMOTION = "demotion", _("Demotion or removal from post")
        DISMISSAL = "dismissal", _("Dismissal from the force")

    ward = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                             verbose_name=_("ward"))
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    violations = models.PositiveIntegerField(_("violations"), default=0)
    officers = models.PositiveIntegerField(_("officers disciplined"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("discipline")
        ordering = ["-year", "ward", "level"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year", "level"],
                                    name="discipline_one_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.year} — {self.get_level_display()}"


class Commendation(models.Model):
    """A proposal to commend a unit or a person, its review and the decision."""

    class Award(models.TextChoices):
        MINISTER = "minister", _("Certificate of merit of the Minister of Public Security")
        CITY = "city", _("Certificate of merit of the City People's Committee")
        DIRECTOR = "director", _("Certificate of the Director of the City Police")
        EMULATION_FLAG = "flag", _("Emulation flag")
        EMULATION_FIGHTER = "fighter", _("Emulation fighter")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        REVIEWED = "reviewed", _("Reviewed by the city police")
        APPROVED = "approved", _("Commended")
        REJECTED = "rejected", _("Not commended")

    # The ward that proposes (its unit or one of its officers), or the province when the
    # city police does: the permission layer scopes proposals by it.
    proposer_unit = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                                      verbose_name=_("proposed by the unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    person_name = models.CharField(_("person commended"), max_length=200, blank=True,
                                   help_text=_("Empty when a unit is commended."))
    person_position = models.CharField(_("rank and position"), max_length=200, blank=True)
    unit_name = models.CharField(_("unit commended"), max_length=300)
    award = models.CharField(_("form of award"), max_length=10, choices=Award.choices)
    achievement = models.TextField(_("achievement"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    document = models.ForeignKey("attachments.Attachment", models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("supporting document"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    review_note = models.TextField(_("review"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "state", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")),
                                   name="commendation_period_ordered"),
            models.CheckConstraint(condition=~Q(state="approved")
                                   | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                                   name="commendation_approved_has_decision"),
        ]

    def __str__(self) -> str:
        return self.person_name or self.unit_name

    @property
    def nominee(self) -> str:
        if self.person_name:
            return f"{self.person_name}, {self.person_position}, {self.unit_name}".replace(
                ", , ", ", ")
        return self.unit_name


class ProgrammeReview(models.Model):
    """An interim or final review (sơ kết, tổng kết) of the programme."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim review (sơ kết)")
        FINAL = "final", _("Final review (tổng kết)")

    province = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                                 verbose_name=_("province"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # The year whose results it reviews (a review held in January looks back on the last).
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    held_on = models.DateField(_("held on"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme review")
        verbose_name_plural = _("programme reviews")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title
