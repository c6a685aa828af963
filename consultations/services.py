"""Writes about consultations. The public submission path is `response_submit`."""

from __future__ import annotations

import hashlib
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import Action, require
from consultations import selectors
from consultations.models import (
    Answer,
    AnswerTally,
    Campaign,
    CampaignExtension,
    ContactRequest,
    GroupLink,
    HouseholdCode,
    Question,
    Rating,
    Response,
    ResponseTally,
    consultation_last_day,
)
from core.deadlines import extension_problems
from core.sqlite import sqlite_writer_turn
from core.totals import Reconciled, reconcile, writers_held
from units.models import OrgUnit

# The default questionnaire; a campaign copies it and may then be edited.
DEFAULT_QUESTIONS: tuple[tuple[str, Any, str, bool], ...] = (
    ("overall", gettext_lazy("Overall, how satisfied are you with the ward police?"),
     Question.Kind.RATING, True),
    ("conduct", gettext_lazy("The attitude and conduct of the ward police officers"),
     Question.Kind.RATING, False),
    ("response", gettext_lazy("How quickly the ward police respond to reports from residents"),
     Question.Kind.RATING, False),
    ("security", gettext_lazy("Security and order where you live"), Question.Kind.RATING,
     False),
    ("urban_order", gettext_lazy("Urban order: pavements, streets, public places"),
     Question.Kind.RATING, False),
    ("comment", gettext_lazy("Anything else you want to tell the ward police?"),
     Question.Kind.TEXT, False),
)
MAX_COMMENT = 2000
RATING_VALUES = frozenset(str(r.value) for r in Rating)


class SubmissionRefused(ValidationError):
    """A public submission that cannot be counted; `code` says why (for the page shown)."""


@dataclass(frozen=True)
class Submitted:
    response: Response
    replayed: bool  # True when the same submission had already been stored


def client_fingerprint(ip: str) -> str:
    """A salted hash of the address: enough to count by, useless to identify anyone."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


def rate_limit_hit(client_ip: str | None) -> bool:
    """Count one submission from this address; True once it is over the limit.

    Counted in the cache, in fixed windows of CONSULTATION_RATE_LIMIT's minutes, under a
    salted hash of the address: nothing about the client is stored with the answers. With
    the default local-memory cache each server process counts on its own; with CACHE_URL
    (Redis) every process and machine shares one count.
    """
    if not client_ip:
        return False
    limit, minutes = settings.CONSULTATION_RATE_LIMIT
    seconds = minutes * 60
    key = f"consultations:answers:{client_fingerprint(client_ip)}:{int(time.time() // seconds)}"
    # One cache operation for all but an address's first answer in a window.
    try:
        count = cache.incr(key)
    except ValueError:  # no count yet in this window
        if cache.add(key, 1, timeout=seconds):
            count = 1
        else:  # another process started it meanwhile
            try:
                count = cache.incr(key)
            except ValueError:  # and it expired already: a new window
                count = 1
    return count > limit


def _day(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@transaction.atomic
def campaign_create(
    *, actor: User, ward: OrgUnit, year: int, opens_on: date, closes_on: date | None = None,
    groups: list[OrgUnit] | None = None, require_codes: bool = False,
    open_web_counts: bool = False,
    min_responses_per_group: int = 10, satisfaction_threshold: Any = 90, title: str = "",
) -> Campaign:
    require(actor, Action.CONSULTATION_MANAGE, ward)
    last_day = consultation_last_day(year)
    closes_on = closes_on or last_day
    if opens_on > last_day:
        raise ValidationError({"opens_on": _(
            "The consultation of %(year)s had to be held by %(day)s. Choose next year, or ask "
            "the city police to extend an existing consultation."
        ) % {"year": year, "day": _day(last_day)}})
    if closes_on > last_day:
        raise ValidationError({"closes_on": _(
            "Answers must be collected by %(day)s so that the summary is ready before "
            "1 December. Only the city police can extend a consultation, with a reason."
        ) % {"day": _day(last_day)}})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing date is before the opening date.")})
    if Campaign.objects.filter(ward=ward, year=year).exists():
        raise ValidationError({"year": _("%(ward)s already has a consultation for %(year)s.")
                               % {"ward": ward.name, "year": year}})
    covered = groups if groups is not None else list(
        OrgUnit.objects.filter(parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP,
                               valid_to__isnull=True)
    )
    if any(g.parent_id != ward.pk or g.kind != OrgUnit.Kind.RESIDENTIAL_GROUP for g in covered):
        raise ValidationError({"groups": _("Choose residential groups of this ward only.")})
    campaign = Campaign.objects.create(
        ward=ward, year=year, opens_on=opens_on, closes_on=closes_on,
        require_codes=require_codes, open_web_counts=open_web_counts,
        min_responses_per_group=min_responses_per_group,
        satisfaction_threshold=satisfaction_threshold, created_by=actor,
        title=title or _("Residents' opinions on the police of %(ward)s, %(year)s")
        % {"ward": ward.name, "year": year},
    )
    campaign.groups.set(covered)
    Question.objects.bulk_create(
        Question(campaign=campaign, order=n, code=code, text=str(text), kind=kind,
                 is_overall=overall)
        for n, (code, text, kind, overall) in enumerate(DEFAULT_QUESTIONS, 1)
    )
    GroupLink.objects.bulk_create(GroupLink(campaign=campaign, group=g) for g in covered)
    return campaign


@transaction.atomic
def campaign_extend(*, actor: User, campaign: Campaign, closes_on: date,
                    reason: str) -> CampaignExtension:
    """Let a consultation take answers until `closes_on`, later than planned, for a reason
    that is kept with the extension (and in the audit trail)."""
    require(actor, Action.CONSULTATION_EXTEND, campaign)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    reason = reason.strip()
    today = timezone.localdate()
    if locked.closed_early_at is not None:
        raise ValidationError(_("The Fatherland Front closed this consultation early; an "
                                "extension cannot reopen it."), code="closed_early")
    problems = extension_problems(reason=reason, new_day=closes_on,
                                  current_day=locked.closes_on, today=today, field="closes_on")
    if "closes_on" not in problems and closes_on.year != locked.year:
        problems["closes_on"] = _("The consultation of %(year)s cannot run into the next "
                                  "year.") % {"year": locked.year}
    if problems:
        raise ValidationError(problems)
    extension = CampaignExtension.objects.create(
        campaign=locked, previous_closes_on=locked.closes_on, closes_on=closes_on,
        reason=reason, granted_by=actor,
    )
    locked.closes_on = closes_on
    locked.save(update_fields=["closes_on"])
    campaign.closes_on = closes_on
    return extension


@transaction.atomic
def household_codes_issue(*, actor: User, campaign: Campaign, group: OrgUnit,
                          count: int | None = None) -> list[HouseholdCode]:
    """Print-ready codes for a group: by default one per household not yet covered."""
    require(actor, Action.CONSULTATION_MANAGE, campaign.ward)
    if not campaign.groups.filter(pk=group.pk).exists():
        raise ValidationError(_("This residential group is not part of the consultation."))
    if group.households is None:
        # One code per household: without the count there is no limit, and a group could
        # be handed codes enough to outvote its neighbours.
        raise ValidationError(
            _("Record the number of households of %(group)s first: codes are issued one "
              "per household.") % {"group": group.name})
    existing = HouseholdCode.objects.filter(campaign=campaign, group=group).count()
    wanted = count if count is not None else max(group.households - existing, 0)
    if existing + wanted > group.households:
        raise ValidationError(
            _("%(group)s has %(households)s households; it cannot get more codes than that.")
            % {"group": group.name, "households": group.households}
        )
    return HouseholdCode.objects.bulk_create(
        HouseholdCode(campaign=campaign, group=group) for _ in range(wanted)
    )


class CleanAnswer(NamedTuple):
    question_id: int
    rating: int | None
    text: str


def _clean_answers(campaign: Campaign, raw: dict[str, str]) -> list[CleanAnswer]:
    """Answers from the posted fields `q-<code>`; the overall question is required."""
    answers = []
    for question in campaign.question_list:
        value = (raw.get(f"q-{question.code}") or "").strip()
        if question.kind == Question.Kind.RATING:
            if value == "":
                if question.is_overall:
                    raise SubmissionRefused(_("Please answer the first question."),
                                            code="incomplete")
                continue
            if value not in RATING_VALUES:
                raise SubmissionRefused(_("That answer is not one of the choices."),
                                        code="invalid")
            answers.append(CleanAnswer(question.pk, int(value), ""))
        elif "\x00" in value:
            # No keyboard types it, and PostgreSQL cannot store text that holds it.
            raise SubmissionRefused(_("Remove the invisible control characters from your "
                                      "comment."), code="invalid")
        elif len(value) > MAX_COMMENT:
            # Refused rather than cut: the page puts the whole text back to be shortened.
            raise SubmissionRefused(
                _("Please shorten your comment to at most %(limit)s characters.")
                % {"limit": MAX_COMMENT}, code="invalid")
        elif value:
            answers.append(CleanAnswer(question.pk, None, value))
    return answers


# Every resident's answer is written by these two statements. They are SQL rather than
# Response.objects.create() + Answer.objects.bulk_create() because the ORM's per-call work
# was half the cost of the public answer page (bench/consultation_ingest.py), and on SQLite
# it ran while the transaction held the database's write lock, making other answers wait.
# The response is inserted only while its campaign takes answers, read in the same
# statement: the page may have read the campaign a while ago (the public link is kept per
# process), and a campaign closed in between must not count the answer.
_RESPONSE_INSERT = """
    INSERT INTO consultations_response
        (campaign_id, group_id, channel, submitted_at, nonce, household_code_id)
    SELECT id, %s, %s, %s, %s, %s
    FROM consultations_campaign
    WHERE id = %s AND closed_early_at IS NULL AND opens_on <= %s AND closes_on >= %s
    RETURNING id
"""
_ANSWER_INSERT = """
    INSERT INTO consultations_answer (response_id, question_id, rating, text, hidden,
                                      hidden_reason)
    VALUES (%s, %s, %s, %s, %s, '')
"""
# The tallies the city's pages read (models.ResponseTally, AnswerTally), moved by the same
# transaction. Rows are locked in one order (the response's, then the answers' by question)
# so that two residents of one group can never wait for each other in a circle.
_RESPONSE_TALLY_UPSERT = """
    INSERT INTO consultations_responsetally (campaign_id, group_id, channel, n)
    VALUES (%s, %s, %s, 1)
    ON CONFLICT (campaign_id, group_id, channel)
    DO UPDATE SET n = consultations_responsetally.n + 1
"""
_ANSWER_TALLY_UPSERT = """
    INSERT INTO consultations_answertally (campaign_id, group_id, channel, question_id, rating, n)
    VALUES {rows}
    ON CONFLICT (campaign_id, group_id, channel, question_id, rating)
    DO UPDATE SET n = consultations_answertally.n + 1
"""
_RESPONSE_FIELDS = ["id", "campaign_id", "group_id", "channel", "submitted_at", "nonce",
                    "household_code_id"]


def _response_insert(*, campaign_id: int, group_id: int, nonce: str,
                     household_code_id: int | None, channel: str,
                     answers: list[CleanAnswer]) -> Response | None:
    """Store one response and its answers; None, storing nothing, if the campaign does not
    take answers today. The caller holds the transaction."""
    now = timezone.now()
    ops = connection.ops
    today = ops.adapt_datefield_value(timezone.localdate(now))
    insert_params: list[Any] = [group_id, channel, ops.adapt_datetimefield_value(now), nonce,
                     household_code_id, campaign_id, today, today]
    rated = sorted((question_id, rating) for question_id, rating, _text in answers
                   if rating is not None)
    if connection.vendor == "postgresql":
        response_id = _response_write_postgresql(insert_params, campaign_id, group_id, channel,
                                                 answers, rated)
        if response_id is None:
            return None
        return Response.from_db(connection.alias, _RESPONSE_FIELDS, [
            response_id, campaign_id, group_id, channel, now, nonce, household_code_id])
    with connection.cursor() as cursor:
        cursor.execute(_RESPONSE_INSERT, insert_params)
        row = cursor.fetchone()
        if row is None:
            return None
        response_id = row[0]
        cursor.executemany(_ANSWER_INSERT, [
            (response_id, question_id, rating, text, False)
            for question_id, rating, text in answers
        ])
        cursor.execute(_RESPONSE_TALLY_UPSERT, [campaign_id, group_id, channel])
        if rated:
            cursor.execute(
                _ANSWER_TALLY_UPSERT.format(rows=", ".join(["(%s, %s, %s, %s, %s, 1)"]
                                                           * len(rated))),
                [value for question_id, rating in rated
                 for value in (campaign_id, group_id, channel, question_id, rating)])
    return Response.from_db(connection.alias, _RESPONSE_FIELDS, [
        response_id, campaign_id, group_id, channel, now, nonce, household_code_id])


# On PostgreSQL the same writes go as one statement of writable CTEs, each selecting from
# the response inserted (none when the campaign does not take answers: nothing is
# written). Every statement is a round trip to the server, and the four of them cost the
# answer page a fifth of its rate (bench/consultation_ingest.py --database postgres).
# SQLite runs in the process: its statements cost no trip, and it has no such CTEs.
_PG_ANSWER_WRITE = """
    WITH r AS ({response_insert}){answers}{answer_tally},
    t AS (INSERT INTO consultations_responsetally (campaign_id, group_id, channel, n)
          SELECT %s, %s, %s, 1 FROM r
          ON CONFLICT (campaign_id, group_id, channel)
          DO UPDATE SET n = consultations_responsetally.n + 1)
    SELECT id FROM r
"""
_PG_ANSWERS = """,
    a AS (INSERT INTO consultations_answer (response_id, question_id, rating, text, hidden,
                                            hidden_reason)
          SELECT r.id, v.question_id, v.rating, v.text, false, ''
          FROM r, (VALUES {rows}) AS v(question_id, rating, text))"""
_PG_ANSWER_TALLY = """,
    u AS (INSERT INTO consultations_answertally (campaign_id, group_id, channel, question_id,
                                                 rating, n)
          SELECT %s, %s, %s, v.question_id, v.rating, 1
          FROM r, (VALUES {rows}) AS v(question_id, rating)
          ON CONFLICT (campaign_id, group_id, channel, question_id, rating)
          DO UPDATE SET n = consultations_answertally.n + 1)"""


def _response_write_postgresql(insert_params: list[Any], campaign_id: int, group_id: int,
                               channel: str, answers: list[CleanAnswer],
                               rated: list[tuple[int, int]]) -> int | None:
    """`_response_insert`'s four writes in one round trip; the response's id, or None."""
    params = list(insert_params)
    answer_sql = tally_sql = ""
    if answers:
        answer_sql = _PG_ANSWERS.format(rows=", ".join(
            ["(%s::bigint, %s::smallint, %s::text)"] * len(answers)))
        params += [v for question_id, rating, text in answers for v in (question_id, rating, text)]
    if rated:
        tally_sql = _PG_ANSWER_TALLY.format(rows=", ".join(
            ["(%s::bigint, %s::smallint)"] * len(rated)))
        params += [campaign_id, group_id, channel] + [v for pair in rated for v in pair]
    params += [campaign_id, group_id, channel]
    sql = _PG_ANSWER_WRITE.format(response_insert=_RESPONSE_INSERT.strip(),
                                  answers=answer_sql, answer_tally=tally_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row is not None else None


def _closed_refusal(reason: str | None) -> SubmissionRefused:
    if reason == "not_open":
        return SubmissionRefused(_("This consultation has not opened yet."), code="not_open")
    return SubmissionRefused(_("This consultation has closed."), code="closed")


def _closed_since_read(campaign_id: int) -> SubmissionRefused:
    """The refusal for an answer whose campaign stopped taking answers after the page read
    it (closed early, or its dates changed)."""
    stored = (Campaign.objects.filter(pk=campaign_id)
              .only("opens_on", "closes_on", "closed_early_at").first())
    return _closed_refusal(stored.closed_reason(timezone.localdate()) if stored else None)


def response_submit(
    *, campaign: Campaign, group: OrgUnit, raw_answers: dict[str, str], nonce: str,
    household_code: str = "", client_ip: str | None = None, answered_before: bool = False,
) -> Submitted:
    """Count one resident's answers exactly once, or refuse with a reason code.

    Replaying the same form (same nonce) returns the stored response instead of counting
    it again; a used household code, a second answer from the same browser, a closed
    campaign and a flood from one address are refused.
    """
    closed = campaign.closed_reason(timezone.localdate())
    if closed:
        raise _closed_refusal(closed)
    if not nonce or len(nonce) > 64:
        raise SubmissionRefused(_("The form is out of date; open it again."), code="tampered")
    # A form sent again (double tap, resend) must come back as counted, never be refused
    # for a reason its first sending created. Where that could happen (the browser's
    # cookie, a household code now used, the address's count) the stored response is
    # looked up first; otherwise the nonce's unique constraint catches it at the insert.
    if answered_before or household_code or campaign.require_codes:
        existing = selectors.response_replayed(nonce)
        if existing is not None:
            return Submitted(existing, replayed=True)
    if answered_before and not household_code:
        raise SubmissionRefused(_("This device has already answered this consultation."),
                                code="already_answered")
    answers = _clean_answers(campaign, raw_answers)
    if rate_limit_hit(client_ip):
        existing = selectors.response_replayed(nonce)
        if existing is not None:
            return Submitted(existing, replayed=True)
        raise SubmissionRefused(_("Too many answers from this connection. Try again later."),
                                code="rate_limited")
    try:
        # On SQLite, wait for the writer's turn first (core.sqlite): every answer is a write.
        with sqlite_writer_turn(), _answer_transaction(bool(household_code
                                                            or campaign.require_codes)):
            code = None
            if household_code or campaign.require_codes:
                code = (HouseholdCode.objects.select_for_update()
                        .filter(campaign=campaign, code=household_code.strip().upper())
                        .first())
                if code is None:
                    raise SubmissionRefused(_("This household code is not valid."),
                                            code="bad_code")
                if code.used_at is not None:
                    raise SubmissionRefused(_("This household code has already been used."),
                                            code="used_code")
                code.used_at = timezone.now()
                code.save(update_fields=["used_at"])
                group = code.group
            response = _response_insert(
                campaign_id=campaign.pk, group_id=group.pk, nonce=nonce,
                household_code_id=code.pk if code else None,
                channel=Response.Channel.CODE if code else Response.Channel.WEB,
                answers=answers,
            )
            if response is None:
                raise _closed_since_read(campaign.pk)
    except IntegrityError:
        # This nonce is stored already (a resend, or the same form racing us): that
        # submission is the one counted.
        stored = selectors.response_replayed(nonce)
        if stored is None:
            raise
        return Submitted(stored, replayed=True)
    return Submitted(response, replayed=False)


def _answer_transaction(with_code: bool) -> AbstractContextManager[Any]:
    """The transaction an answer is written in.

    On PostgreSQL an answer without a household code is one statement
    (_response_write_postgresql), atomic by itself: outside a transaction already open it
    runs in autocommit, sparing the BEGIN and COMMIT round trips. A household code is
    locked and marked used first, so it needs the transaction; SQLite writes in several
    statements.
    """
    if with_code or connection.vendor != "postgresql" or connection.in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def public_answer_submit(
    *, link: GroupLink, raw_answers: dict[str, str], nonce: str, household_code: str,
    phone: str, consent: str, client_ip: str | None, answered_before: bool,
) -> Submitted:
    """Count the answers once; keep a consented phone number in its own table, unlinked.

    `consent` is the exact sentence the resident agreed to (empty: no consent given).
    No transaction around the whole: on SQLite a transaction holds the write lock from its
    start, and the reads before the insert need none; response_submit writes atomically.
    """
    submitted = response_submit(
        campaign=link.campaign, group=link.group, raw_answers=raw_answers, nonce=nonce,
        household_code=household_code, client_ip=client_ip, answered_before=answered_before,
    )
    if not submitted.replayed and phone and consent:
        ContactRequest.objects.create(campaign=link.campaign, phone=phone, consent_text=consent)
    return submitted


def contact_requests_prune(*, today: date | None = None) -> int:
    """Delete phone numbers CONTACT_RETENTION_DAYS after their consultation closed, as the
    consent statement promised."""
    cutoff = (today or timezone.localdate()) - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    deleted, _details = ContactRequest.objects.filter(campaign__closes_on__lt=cutoff).delete()
    return deleted


def tallies_rebuild() -> list[Reconciled]:
    """Recompute the consultation tallies from the responses and answers, repairing what
    differs (manage.py rebuild_totals, after a bulk load or a restore).

    One pass over each table (a season's answers are read once, not once per campaign),
    with answers kept out meanwhile (core.totals.writers_held): residents answering wait
    for it, seconds for a city's season.
    """
    selectors.kept_forget()
    with writers_held(Response._meta.db_table, Answer._meta.db_table):
        responses = reconcile(
            stored=ResponseTally.objects.all(),
            key=("campaign_id", "group_id", "channel"), values=("n",),
            expected=(((r["campaign_id"], r["group_id"], r["channel"]), (r["n"],))
                      for r in Response.objects.values("campaign_id", "group_id", "channel")
                      .annotate(n=Count("pk")).order_by()),
        )
        answers = reconcile(
            stored=AnswerTally.objects.all(),
            key=("campaign_id", "group_id", "channel", "question_id", "rating"),
            values=("n",),
            expected=(((r["response__campaign_id"], r["response__group_id"],
                        r["response__channel"], r["question_id"], r["rating"]), (r["n"],))
                      for r in Answer.objects.filter(rating__isnull=False)
                      .values("response__campaign_id", "response__group_id",
                              "response__channel", "question_id", "rating")
                      .annotate(n=Count("pk")).order_by()),
        )
    return [responses, answers]
