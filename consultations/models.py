"""Residents' opinions on the ward police: the Fatherland Front's yearly consultation.

Before 1 December each year the ward Fatherland Front asks residents, through their
residential groups, how satisfied they are with the ward police unit proposed for
recognition. Answers arrive through a public web page (optionally with one-time household
codes) or as paper tallies entered by Front staff. No personal data is needed to answer;
a phone number offered for follow-up lives in its own table (ContactRequest), never joined
to an answer.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import Extension

# Letters and digits that cannot be mistaken for one another on a printed slip.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET.lower()) for _ in range(length))


def new_household_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def consultation_last_day(year: int) -> date:
    """The last day a year's consultation may take answers unless the city extends it.

    Plan section IV item 18: the Front collects residents' opinions before 1 December each
    year, so that its summary completes the ward's dossier; answers are therefore taken
    until 30 November of the campaign's year, midnight in Hanoi (Asia/Ho_Chi_Minh).
    """
    return date(year, 12, 1) - timedelta(days=1)


class Campaign(models.Model):
    """One ward's consultation in one year."""

    ward = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="campaigns", verbose_name=_("ward")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("The plan asks for the summary before 1 December.")
    )
    groups = models.ManyToManyField(
        "units.OrgUnit", related_name="+", verbose_name=_("residential groups covered")
    )
    require_codes = models.BooleanField(
        _("one-time household codes required"), default=False,
        help_text=_("Each household gets a printed code that can be used once."),
    )
    open_web_counts = models.BooleanField(
        _("open-web answers count towards the satisfaction criterion"), default=False,
        help_text=_("Answers through the group's link without a household code cannot be "
                    "tied to a household. By default they are shown apart and only answers "
                    "with a household code and paper forms decide the criterion."),
    )
    min_responses_per_group = models.PositiveIntegerField(
        _("minimum answers per residential group"), default=10
    )
    satisfaction_threshold = models.DecimalField(
        _("satisfaction threshold (%)"), max_digits=5, decimal_places=2, default=Decimal(90),
        help_text=_(
            "The civilised-urban standard asks for at least 90 per cent of residents to be "
            "satisfied."
        ),
    )
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation campaign")
        verbose_name_plural = _("consultation campaigns")
        ordering = ["-year", "ward__code"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="campaign_unique_ward_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="campaign_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def question_list(self) -> list[Question]:
        """The questions in order, read once per request (form, validation and results)."""
        return list(self.questions.order_by("order"))

    def counted_channels(self) -> tuple[str, ...]:
        """The channels whose answers decide the satisfaction criterion."""
        counted = (Response.Channel.CODE, Response.Channel.PAPER)
        return (*counted, Response.Channel.WEB) if self.open_web_counts else counted

    def is_open_on(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def closed_reason(self, day: date) -> str | None:
        """Why no answers are taken on `day`: "closed", "not_open", or None (they are)."""
        if self.closed_early_at is not None or day > self.closes_on:
            return "closed"
        if day < self.opens_on:
            return "not_open"
        return None


class CampaignExtension(Extension):
    """The city police lets a consultation take answers after 30 November, for a reason.

    The campaign's `closes_on` moves with it (the answer page reads only that); this row
    keeps who decided, when, why and from which date, and is audited like the campaign.
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="extensions",
                                 verbose_name=_("campaign"))
    previous_closes_on = models.DateField(_("closing date before the extension"))
    closes_on = models.DateField(_("new closing date"))

    class Meta:
        verbose_name = _("consultation extension")
        verbose_name_plural = _("consultation extensions")
        ordering = ["campaign", "granted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gt=models.F("previous_closes_on")),
                                   name="extension_moves_closing_later"),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.closes_on:%d/%m/%Y}"


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Satisfaction scale")
        TEXT = "text", _("Open comment")

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="questions", verbose_name=_("campaign")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=30)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The answer to this question is the satisfaction the result is judged on.
    is_overall = models.BooleanField(_("overall satisfaction question"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="question_unique_code"),
        ]

    def __str__(self) -> str:
        return self.text


class Rating(models.IntegerChoices):
    """The answer scale of every rating question; 4 and 5 count as satisfied."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


SATISFIED_RATINGS = (Rating.VERY_SATISFIED, Rating.SATISFIED)


class GroupLink(models.Model):
    """The short public link (and QR sheet) of one residential group in a campaign."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="links", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    token = models.CharField(_("link code"), max_length=16, unique=True, default=new_token)

    class Meta:
        verbose_name = _("residential group link")
        verbose_name_plural = _("residential group links")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group"], name="link_unique_group"),
        ]

    def __str__(self) -> str:
        return self.token

    @cached_property
    def thanks_url(self) -> str:
        # Kept with the link (selectors.group_link_get_public keeps links per process):
        # every stored answer redirects here.
        return reverse("answer:thanks", kwargs={"token": self.token})


class HouseholdCode(models.Model):
    """A one-time code printed on a slip for one household."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="codes", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_household_code)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("household code")
        verbose_name_plural = _("household codes")
        indexes = [models.Index(fields=["campaign", "group"])]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One resident's (or household's) submitted answers. Anonymous by design."""

    class Channel(models.TextChoices):
        CODE = "code", _("Web, with a household code")
        WEB = "web", _("Open web")
        PAPER = "paper", _("Paper")

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="responses", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # A random id rendered into the form: the same submission replayed is stored once.
    nonce = models.CharField(_("submission id"), max_length=64, unique=True)
    household_code = models.OneToOneField(
        HouseholdCode, models.PROTECT, null=True, blank=True, related_name="response",
        verbose_name=_("household code"),
    )
    # Nothing about the client is kept with an answer: the per-address limit counts in the
    # cache (services.rate_limit_hit), not in this table.

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.pk}"


class Answer(models.Model):
    # Neither key has an index of its own: answer_unique (response, question) serves
    # lookups by response, and every read of answers goes through their responses (by
    # campaign). An index on the question cost a write in another part of the index per
    # answer (five per resident), a quarter to a third of storing them; without it, only
    # deleting a question (admin, before any answer exists) scans this table.
    response = models.ForeignKey(
        Response, models.CASCADE, related_name="answers", verbose_name=_("response"),
        db_index=False,
    )
    question = models.ForeignKey(
        Question, models.PROTECT, related_name="answers", verbose_name=_("question"),
        db_index=False,
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices, null=True)
    text = models.TextField(_("comment"), blank=True)
    # Moderation hides abusive text from results; nothing is ever deleted.
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.rating or self.text[:30]}"


class ResponseTally(models.Model):
    """How many responses one residential group sent through one web channel.

    Kept by the statement that stores each response, in its transaction
    (services._response_insert), so it always equals a count of the responses; the city's
    pages read these few rows instead of a season's answers. `manage.py rebuild_totals`
    recomputes it from the responses (services.tallies_rebuild).
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="+",
                                 verbose_name=_("campaign"))
    group = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                              verbose_name=_("residential group"))
    channel = models.CharField(_("channel"), max_length=10, choices=Response.Channel.choices)
    n = models.PositiveIntegerField(_("responses"))

    class Meta:
        verbose_name = _("response tally")
        verbose_name_plural = _("response tallies")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group", "channel"],
                                    name="response_tally_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.group_id}/{self.channel}: {self.n}"


class AnswerTally(models.Model):
    """How many web answers gave one rating to one question, per group and channel.

    Kept like ResponseTally, in the transaction that stores the answers. Paper forms need
    none: PaperTally is their count already.
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="+",
                                 verbose_name=_("campaign"))
    group = models.ForeignKey("units.OrgUnit", models.PROTECT, related_name="+",
                              verbose_name=_("residential group"))
    channel = models.CharField(_("channel"), max_length=10, choices=Response.Channel.choices)
    question = models.ForeignKey(Question, models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    n = models.PositiveIntegerField(_("answers"))

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group", "channel", "question", "rating"],
                                    name="answer_tally_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.group_id}/{self.channel} q{self.question_id} " \
               f"{self.rating}: {self.n}"


class PaperTally(models.Model):
    """Counts from paper forms, entered by Front staff: per group, question and option."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="tallies", verbose_name=_("campaign")
    )
    group = models.ForeignKey(
        "units.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("residential group")
    )
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="tallies", verbose_name=_("question")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    count = models.PositiveIntegerField(_("count"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "group", "question", "rating"],
                                    name="tally_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.question.code} {self.rating}: {self.count}"


class ContactRequest(models.Model):
    """A phone number a resident chose to leave for follow-up, with their consent.

    Deliberately not linked to a response or an answer (Decree 13/2023/NĐ-CP: collect only
    what is needed, keep it apart): results and exports never read this table.
    """

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="contacts", verbose_name=_("campaign")
    )
    phone = models.CharField(_("phone number"), max_length=20)
    consent_text = models.TextField(_("consent shown"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return f"{self.campaign_id}: ***{self.phone[-3:]}"
