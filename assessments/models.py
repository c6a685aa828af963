"""Criteria sets (data, never code), yearly rounds, ward assessments and their procedure.

Rules about one record live here as methods: how a criterion judges a value
(`Criterion.evaluate`), which state may follow which (`Assessment.State`, TRANSITIONS in
assessments/procedure.py), whether a set may still be edited (`CriteriaSet.is_locked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments import sources
from core.models import Extension


class CriteriaSet(models.Model):
    class Purpose(models.TextChoices):
        """What the set judges. The ward police units of this programme; and the two levels
        of the "An toàn về an ninh, trật tự" standard of Circular 124/2021/TT-BCA that the
        programme builds on (assessed in the movement app)."""

        WARD_POLICE = "ward_police", _("Model ward police unit")
        SAFE_GROUP = "safe_group", _("Residential group “An toàn về ANTT”")
        SAFE_COMMUNE = "safe_commune", _("Commune or ward “An toàn về ANTT”")
        EMULATION = "emulation", _("Emulation criteria")

    name = models.CharField(_("name"), max_length=300)
    purpose = models.CharField(_("used for"), max_length=15, choices=Purpose.choices,
                               default=Purpose.WARD_POLICE)
    legal_basis_number = models.CharField(_("decision number"), max_length=100, blank=True)
    legal_basis_date = models.DateField(_("decision date"), null=True, blank=True)
    year_from = models.PositiveSmallIntegerField(_("applies from year"))
    year_to = models.PositiveSmallIntegerField(_("applies to year"))
    pass_score = models.DecimalField(
        _("pass mark (total score)"), max_digits=8, decimal_places=2, default=Decimal(0),
        help_text=_("A ward passes when every mandatory criterion is met and its total score "
                    "reaches this mark."),
    )
    is_sample = models.BooleanField(
        _("sample set"), default=False,
        help_text=_("A sample to be replaced by the official criteria set."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="next_versions",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-year_from", "name", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")),
                name="criteriaset_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def is_locked(self) -> bool:
        """A set that a submitted assessment used is frozen: copy it into a new version."""
        if self.purpose != self.Purpose.WARD_POLICE:
            return sources.first_use(self) is not None
        return self.assessments.exclude(state=Assessment.State.DRAFT).exists()


class CriteriaGroup(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, models.CASCADE, related_name="groups", verbose_name=_("criteria set")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criteria group")
        verbose_name_plural = _("criteria groups")
        ordering = ["criteria_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="group_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


@dataclass(frozen=True)
class Judgement:
    """What a criterion makes of a value: met or not (None: no value yet) and its score."""

    met: bool | None
    score: Decimal


class Criterion(models.Model):
    class ValueType(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")
        SCORE = "score", _("Score")
        CHOICE = "choice", _("Choice")
        TEXT = "text", _("Text")

    class Comparison(models.TextChoices):
        GTE = "gte", "≥"
        LTE = "lte", "≤"
        EQ = "eq", "="
        YES = "yes", _("yes")
        NONE = "none", _("no target (filled in)")

    class ValueSource(models.TextChoices):
        ENTERED = "entered", _("Entered by the ward")
        CONSULTATION = "consultation", _("Computed from residents' opinions")
        INDICATORS = "indicators", _("Computed from periodic indicators")
        FACILITIES = "facilities", _("Computed from headquarters and equipment")
        LOWER_LEVEL = "lower_level", _("Computed from lower-level results")
        FORCE = "force", _("Computed from the force's staffing, training and discipline")

    criteria_set = models.ForeignKey(
        CriteriaSet, models.CASCADE, related_name="criteria", verbose_name=_("criteria set")
    )
    group = models.ForeignKey(
        CriteriaGroup, models.CASCADE, related_name="criteria", verbose_name=_("group")
    )
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("parent criterion"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    value_type = models.CharField(_("value type"), max_length=12, choices=ValueType.choices)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For choice criteria: one option per line.")
    )
    comparison = models.CharField(
        _("comparison"), max_length=5, choices=Comparison.choices, default=Comparison.NONE
    )
    target = models.CharField(
        _("target"), max_length=200, blank=True,
        help_text=_("A number for ≥ ≤ =, an option for choice criteria, empty otherwise."),
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    value_source = models.CharField(
        _("source of value"), max_length=15, choices=ValueSource.choices,
        default=ValueSource.ENTERED,
    )
    source_key = models.CharField(
        _("source key"), max_length=100, blank=True,
        help_text=_("For computed values: the indicator code or rule they come from."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_computed(self) -> bool:
        """The system sets this value (from the Front's summary or a registered source); the
        ward cannot type it. A source the system does not read yet is entered by the ward."""
        if self.value_source == self.ValueSource.CONSULTATION:
            return True
        return self.value_source != self.ValueSource.ENTERED and sources.reads(self.value_source)

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def target_number(self) -> Decimal | None:
        try:
            return Decimal(self.target.replace(",", "."))
        except (InvalidOperation, AttributeError):
            return None

    def format_value(
        self, value: str, *, yes: str, no: str, number: Callable[[Decimal], str],
        percent: str = "%",
    ) -> str:
        """A stored canonical value as a reader expects it; screens, XLSX and DOCX differ
        only in their words for yes/no and how they write numbers."""
        if value == "":
            return ""
        if self.value_type == self.ValueType.YES_NO:
            return yes if value == "yes" else no if value == "no" else value
        if self.value_type in (self.ValueType.NUMBER, self.ValueType.PERCENTAGE,
                               self.ValueType.SCORE):
            try:
                shown = number(Decimal(value))
            except ArithmeticError:
                return value
            return shown + percent if self.value_type == self.ValueType.PERCENTAGE else shown
        return value

    def format_target(
        self, *, yes: str, no: str, number: Callable[[Decimal], str], percent: str = "%",
    ) -> str:
        """The target as a short phrase ("≥ 90 %", "Có", "= Độc lập"), or "" when the
        criterion has none; the one rule for screens, XLSX and DOCX, which differ only in
        their words for yes/no and how they write numbers. A yes/no criterion's target
        is what `evaluate` counts as met."""
        kind, comparison = self.value_type, self.comparison
        if kind == self.ValueType.YES_NO:
            return yes if comparison in (self.Comparison.YES, self.Comparison.NONE) else no
        if comparison == self.Comparison.NONE or not self.target:
            return ""
        target = self.target
        value = self.target_number()
        if value is not None:
            target = number(value)
            if kind == self.ValueType.PERCENTAGE:
                target += percent
        if comparison == self.Comparison.EQ and kind == self.ValueType.CHOICE:
            return target
        return f"{self.get_comparison_display()} {target}"

    def evaluate(self, value: str | None) -> Judgement:
        """Judge a stored value (its canonical text form) against the target.

        Met criteria earn max_score, except score criteria, which earn the score entered
        (capped at max_score); unmet criteria earn nothing.
        """
        zero = Decimal(0)
        if value is None or value == "":
            return Judgement(None, zero)
        if self.value_type == self.ValueType.YES_NO:
            met = value == "yes" if self.comparison in (self.Comparison.YES, self.Comparison.NONE) \
                else value == "no"
        elif self.value_type in (self.ValueType.NUMBER, self.ValueType.PERCENTAGE,
                                 self.ValueType.SCORE):
            number = Decimal(value)
            target = self.target_number()
            if self.comparison == self.Comparison.GTE and target is not None:
                met = number >= target
            elif self.comparison == self.Comparison.LTE and target is not None:
                met = number <= target
            elif self.comparison == self.Comparison.EQ and target is not None:
                met = number == target
            else:
                met = True
            if self.value_type == self.ValueType.SCORE:
                return Judgement(met, min(number, self.max_score) if met else zero)
        elif self.value_type == self.ValueType.CHOICE:
            met = value == self.target if self.comparison == self.Comparison.EQ else True
        else:
            met = True
        return Judgement(met, self.max_score if met else zero)


class RecognitionRound(models.Model):
    """A year's recognition round in one province, opened by the city coordinator."""

    province = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_set = models.ForeignKey(
        CriteriaSet, models.PROTECT, related_name="rounds", verbose_name=_("criteria set")
    )
    registration_deadline = models.DateField(_("registration deadline"))
    submission_deadline = models.DateField(_("self-assessment deadline"))
    is_open = models.BooleanField(_("open"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition round")
        verbose_name_plural = _("recognition rounds")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="round_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.province}"

    def registration_open_on(self, day: date) -> bool:
        """Wards register until the registration deadline, inclusive, while the round is
        open (Circular 124/2021's yearly standard likewise recognises only units that
        registered at the start of the year)."""
        return self.is_open and day <= self.registration_deadline


class Registration(models.Model):
    """A ward registers to strive for recognition in a round (đăng ký phấn đấu)."""

    round = models.ForeignKey(
        RecognitionRound, models.CASCADE, related_name="registrations", verbose_name=_("round")
    )
    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["round", "ward"], name="registration_unique_ward"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.round.year}"


class Assessment(models.Model):
    """One ward's self-assessment and recognition dossier for one round."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted after review")
        OPINIONS_ATTACHED = "opinions_attached", _("Residents' opinions attached")
        APPRAISAL = "appraisal", _("Under appraisal")
        PROPOSED = "proposed", _("Proposed to the Ministry")
        RECOGNISED = "recognised", _("Recognised")
        NOT_RECOGNISED = "not_recognised", _("Not recognised")
        REVOKED = "revoked", _("Recognition revoked")

    # The ward may change its values only in these states.
    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    round = models.ForeignKey(
        RecognitionRound, models.PROTECT, related_name="assessments", verbose_name=_("round")
    )
    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="assessments", verbose_name=_("ward")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, models.PROTECT, related_name="assessments", verbose_name=_("criteria set")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    total_score = models.DecimalField(
        _("total score"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    mandatory_met = models.BooleanField(_("all mandatory criteria met"), default=False)
    passes = models.BooleanField(_("meets the pass rule"), default=False)
    # Where the satisfaction rate came from, as the Front's summary says it (channels and
    # their counts), printed beside the rate in the dossier.
    satisfaction_source = models.CharField(_("source of the satisfaction rate"),
                                           max_length=500, blank=True)
    satisfaction_rate = models.DecimalField(
        _("residents' satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    opinions_file = models.ForeignKey(
        "attachments.Attachment", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("residents' opinions summary"),
    )
    proposal = models.ForeignKey(
        "RecognitionProposal", models.PROTECT, null=True, blank=True, related_name="assessments",
        verbose_name=_("proposal to the Ministry"),
    )
    council_outcome = models.TextField(_("council conclusion"), blank=True)
    minutes_file = models.ForeignKey(
        "attachments.Attachment", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("council minutes"),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=200, blank=True)
    decision_file = models.ForeignKey(
        "attachments.Attachment", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decision file"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-round__year", "ward__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "ward"], name="assessment_unique_ward_round"),
        ]

    def __str__(self) -> str:
        return f"{self.ward} — {self.round.year}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    def submission_due(self) -> date:
        """The last day this dossier may first be submitted: the round's self-assessment
        deadline, or a later day the city coordinator granted it (SubmissionExtension).

        Only the first submission is held to it: a dossier the city returned for changes is
        resubmitted whenever the ward is ready, since the city is waiting for it.
        """
        granted = max((e.until for e in self.submission_extensions.all()), default=None)
        return max(self.round.submission_deadline, granted or date.min)

    def submission_late_on(self, day: date) -> bool:
        return self.state == self.State.DRAFT and day > self.submission_due()


class SubmissionExtension(Extension):
    """The city coordinator lets one ward submit its self-assessment after the round's
    deadline, until a given day, for a reason kept here and in the audit trail."""

    assessment = models.ForeignKey(Assessment, models.CASCADE,
                                   related_name="submission_extensions",
                                   verbose_name=_("assessment"))
    previous_due = models.DateField(_("deadline before the extension"))
    until = models.DateField(_("new deadline"))

    class Meta:
        verbose_name = _("submission extension")
        verbose_name_plural = _("submission extensions")
        ordering = ["assessment", "granted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(until__gt=models.F("previous_due")),
                                   name="submission_extension_moves_later"),
            models.CheckConstraint(condition=~Q(reason=""),
                                   name="submission_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.until:%d/%m/%Y}"


class AssessmentValue(models.Model):
    """The ward's answer to one criterion, with the judgement computed from it."""

    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="values", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="values", verbose_name=_("criterion")
    )
    # Canonical text form: "yes"/"no", a decimal with a dot, an option, or free text.
    value = models.TextField(_("value"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence = models.ManyToManyField(
        "attachments.Attachment", blank=True, related_name="+", verbose_name=_("evidence")
    )
    met = models.BooleanField(_("met"), null=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=Decimal(0))
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    # A computed criterion: what was read (figure, period) and when; see assessments.sources.
    source_note = models.CharField(_("source"), max_length=500, blank=True)
    source_read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The city coordinator's correction of a computed value, with its reason.
    override_reason = models.TextField(_("reason for the correction"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("corrected by"),
    )
    overridden_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    # Optimistic locking: a save must name the revision it started from.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment value")
        verbose_name_plural = _("assessment values")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"],
                                    name="value_unique_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}"


class Transition(models.Model):
    """One step of the procedure: who moved the dossier from which state to which, and why."""

    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="transitions", verbose_name=_("assessment")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=Assessment.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Assessment.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason / comment"), blank=True)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class CouncilVote(models.Model):
    class Vote(models.TextChoices):
        APPROVE = "approve", _("Approve recognition")
        REJECT = "reject", _("Do not approve")
        ABSTAIN = "abstain", _("Abstain")

    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="votes", verbose_name=_("assessment")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("member")
    )
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    opinion = models.TextField(_("opinion"), blank=True)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="vote_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_vote_display()}"


class OpinionsRecord(models.Model):
    """One attachment of the Front's summary to a dossier. The Front attaches it while the
    ward prepares the dossier and may attach again after new answers; the dossier shows the
    latest (`Assessment.satisfaction_rate`, `opinions_file`) and keeps every one here."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="opinions_records",
                                   verbose_name=_("assessment"))
    satisfaction_rate = models.DecimalField(_("residents' satisfaction (%)"), max_digits=5,
                                            decimal_places=2)
    asked = models.PositiveIntegerField(_("residents asked"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(_("residents satisfied"), null=True, blank=True)
    source = models.CharField(_("source of the satisfaction rate"), max_length=500, blank=True)
    summary = models.ForeignKey("attachments.Attachment", models.PROTECT, related_name="+",
                                verbose_name=_("residents' opinions summary"))
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("attached by"))
    attached_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    class Meta:
        verbose_name = _("residents' opinions attachment")
        verbose_name_plural = _("residents' opinions attachments")
        ordering = ["assessment", "attached_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction_rate__gte=0, satisfaction_rate__lte=100),
                name="opinions_rate_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.satisfaction_rate}%"


class Endorsement(models.Model):
    """The ward's opinion on its police's dossier, before submission: the People's
    Committee's, and the Party committee's (recorded from its document). One per body; a
    new opinion replaces the old one, which the audit log keeps."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("Ward People's Committee")
        PARTY = "party", _("Ward Party committee")

    class Opinion(models.TextChoices):
        AGREE = "agree", _("Agrees")
        REMARKS = "remarks", _("Agrees, with remarks")
        DISAGREE = "disagree", _("Disagrees")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="endorsements",
                                   verbose_name=_("assessment"))
    body = models.CharField(_("body"), max_length=10, choices=Body.choices)
    opinion = models.CharField(_("opinion"), max_length=10, choices=Opinion.choices)
    text = models.TextField(_("remarks"), blank=True)
    document_number = models.CharField(_("document number"), max_length=100)
    document_date = models.DateField(_("document date"))
    document = models.ForeignKey("attachments.Attachment", models.PROTECT, related_name="+",
                                 verbose_name=_("signed document"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("ward endorsement")
        verbose_name_plural = _("ward endorsements")
        ordering = ["assessment", "body"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "body"],
                                    name="endorsement_one_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.get_opinion_display()}"


class RecognitionProposal(models.Model):
    """The city police's proposal (tờ trình) to the Ministry, once sent: its number, date and
    signed file, and the dossiers it proposed."""

    round = models.ForeignKey(RecognitionRound, models.PROTECT, related_name="proposals",
                              verbose_name=_("round"))
    number = models.CharField(_("number"), max_length=100)
    sent_on = models.DateField(_("sent on"))
    document = models.ForeignKey("attachments.Attachment", models.PROTECT, related_name="+",
                                 verbose_name=_("signed proposal"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition proposal")
        verbose_name_plural = _("recognition proposals")
        ordering = ["round", "sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.sent_on:%d/%m/%Y})"
