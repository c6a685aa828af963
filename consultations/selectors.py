"""Reads about consultations: the live results every page and document is built from."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from consultations.models import (
    SATISFIED_RATINGS,
    Answer,
    Campaign,
    GroupLink,
    PaperTally,
    Question,
    Response,
)
from units.models import OrgUnit


def campaign_get_for_user(actor: User, pk: int, action: Action = Action.CONSULTATION_VIEW
                          ) -> Campaign:
    return get_for_user(actor, Campaign.objects.select_related("ward", "ward__province"),
                        action, pk=pk)


def campaign_list(*, actor: User) -> QuerySet[Campaign]:
    return scope(actor, Campaign.objects.select_related("ward"), Action.CONSULTATION_VIEW)


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupResult:
    group: OrgUnit
    answered: int = 0          # respondents who rated the overall question
    satisfied: int = 0         # of them, satisfied or very satisfied
    by_channel: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[int, int]] = field(default_factory=dict)  # question → rating → n
    # Open-web answers beyond the group's households: held for the Front, never counted.
    held: int = 0

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.answered)


@dataclass
class CampaignResult:
    campaign: Campaign
    groups: list[GroupResult]
    channels: tuple[str, ...]

    @property
    def answered(self) -> int:
        return sum(g.answered for g in self.groups)

    @property
    def satisfied(self) -> int:
        return sum(g.satisfied for g in self.groups)

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.answered)

    @property
    def groups_short(self) -> list[GroupResult]:
        """Groups below the minimum number of answers the campaign's rule asks for."""
        return [g for g in self.groups
                if g.answered < self.campaign.min_responses_per_group]

    @property
    def is_valid(self) -> bool:
        """Enough answers in every group, so the rate can decide a recognition."""
        return bool(self.groups) and not self.groups_short

    @property
    def meets_threshold(self) -> bool:
        rate = self.rate
        return rate is not None and rate >= self.campaign.satisfaction_threshold

    @property
    def held(self) -> int:
        return sum(g.held for g in self.groups)

    @property
    def channel_totals(self) -> dict[str, int]:
        """Answers of each channel (every channel, 0 for none), over all groups."""
        return {c: sum(g.by_channel.get(c, 0) for g in self.groups)
                for c in Response.Channel.values}

    @property
    def channel_shares(self) -> list[tuple[str, int, Decimal | None]]:
        """(channel label, answers, share of all answers) for each channel with answers."""
        return [(str(Response.Channel(c).label), n, percent(n, self.answered))
                for c, n in self.channel_totals.items() if n]

    @property
    def counts_open_web(self) -> bool:
        return Response.Channel.WEB in self.channels


def campaign_result(campaign: Campaign, channels: tuple[str, ...] = ()) -> CampaignResult:
    """Tallies per residential group and question, web and paper together, in 3 queries.

    `channels` narrows to some of code / web / paper (empty: all of them).
    """
    wanted = channels or tuple(Response.Channel.values)
    groups = {g.pk: GroupResult(group=g) for g in campaign.groups.order_by("code")}
    overall = {q.pk: q.code for q in campaign.question_list}
    overall_code = next((q.code for q in campaign.question_list if q.is_overall), None)

    web_channels = [c for c in wanted if c != Response.Channel.PAPER]
    if web_channels:
        held = _held_open_web(campaign, groups)
        rows = (Answer.objects.filter(response__campaign=campaign,
                                      response__channel__in=web_channels,
                                      rating__isnull=False)
                .exclude(held)
                .values("response__group_id", "response__channel", "question_id", "rating")
                .annotate(n=Count("pk")))
        for row in rows:
            result = groups.get(row["response__group_id"])
            if result is None:
                continue
            code = overall[row["question_id"]]
            _add(result, code, row["rating"], row["n"], overall_code, row["response__channel"])
    if Response.Channel.PAPER in wanted:
        tallies = (PaperTally.objects.filter(campaign=campaign)
                   .values("group_id", "question_id", "rating").annotate(n=Sum("count")))
        for row in tallies:
            result = groups.get(row["group_id"])
            if result is None or not row["n"]:
                continue
            _add(result, overall[row["question_id"]], row["rating"], row["n"], overall_code,
                 Response.Channel.PAPER)
    return CampaignResult(campaign=campaign, groups=list(groups.values()), channels=wanted)


# A burst: at least BURST_MIN open-web answers of one group within BURST_WINDOW, and at
# least BURST_FACTOR times the group's usual pace (its answers spread over the time it has
# been answering, a day at least). A meeting where everyone answers at once is a burst too:
# the Front, who knows, reviews it; nothing is refused or dropped for it.
BURST_WINDOW = timedelta(minutes=10)
BURST_MIN = 20
BURST_FACTOR = 5


@dataclass(frozen=True)
class Burst:
    group: OrgUnit
    start: datetime
    answers: int
    usual_per_day: Decimal  # the group's usual pace, for the message


def answer_bursts(campaign: Campaign) -> list[Burst]:
    """Groups whose open-web answers came far faster than usual, for the Front to review."""
    times: dict[int, list[datetime]] = {}
    for group_id, at in (Response.objects.filter(campaign=campaign, channel=Response.Channel.WEB)
                         .order_by("group_id", "submitted_at")
                         .values_list("group_id", "submitted_at")):
        times.setdefault(group_id, []).append(at)
    groups = {g.pk: g for g in campaign.groups.filter(pk__in=times)}
    bursts = []
    for group_id, stamps in times.items():
        if len(stamps) < BURST_MIN or group_id not in groups:
            continue
        peak, start, first = 0, stamps[0], 0
        for last, at in enumerate(stamps):
            while at - stamps[first] >= BURST_WINDOW:
                first += 1
            if last - first + 1 > peak:
                peak, start = last - first + 1, stamps[first]
        span = max(stamps[-1] - stamps[0], timedelta(days=1))
        usual = Decimal(len(stamps)) / Decimal(span / BURST_WINDOW)
        if peak >= BURST_MIN and peak >= BURST_FACTOR * usual:
            per_day = Decimal(len(stamps)) / Decimal(span / timedelta(days=1))
            bursts.append(Burst(groups[group_id], start, peak, per_day.quantize(Decimal("0.1"))))
    return sorted(bursts, key=lambda b: b.start)


def counted_result(campaign: Campaign) -> CampaignResult:
    """The result that decides the satisfaction criterion: the campaign's counted channels
    (household codes and paper; open web too when the Front chose so)."""
    return campaign_result(campaign, campaign.counted_channels())


def _held_open_web(campaign: Campaign, groups: dict[int, GroupResult]) -> Q:
    """Which open-web answers are held: those beyond the group's households.

    A group cannot have more answers than households. Paper forms (collected by the Front)
    and answers with a household code are tied to a household and come first; open-web
    answers fill what room is left, in the order they arrived, and the rest are held (each
    group's `held`). Two queries, and one more per group that overflows; a group whose
    household count is unknown has no cap.
    """
    C = Response.Channel
    sent: dict[int, dict[str, int]] = {}
    for row in (Response.objects.filter(campaign=campaign, channel__in=[C.CODE, C.WEB])
                .values("group_id", "channel").annotate(n=Count("pk"))):
        sent.setdefault(row["group_id"], {})[row["channel"]] = row["n"]
    if sent:
        for row in (PaperTally.objects.filter(campaign=campaign, question__is_overall=True)
                    .values("group_id").annotate(n=Sum("count"))):
            if row["group_id"] in sent:
                sent[row["group_id"]][C.PAPER] = row["n"] or 0
    held = Q(pk__in=[])
    for group_id, by_channel in sent.items():
        result = groups.get(group_id)
        households = result.group.households if result is not None else None
        if households is None:
            continue
        room = max(households - by_channel.get(C.CODE, 0) - by_channel.get(C.PAPER, 0), 0)
        web = by_channel.get(C.WEB, 0)
        if web <= room:
            continue
        assert result is not None
        result.held = web - room
        last = (Response.objects.filter(campaign=campaign, group_id=group_id, channel=C.WEB)
                .order_by("pk").values_list("pk", flat=True)[room - 1] if room else 0)
        held |= Q(response__group_id=group_id, response__channel=C.WEB,
                  response__pk__gt=last)
    return held


def _add(result: GroupResult, code: str, rating: int, n: int, overall_code: str | None,
         channel: str) -> None:
    result.counts.setdefault(code, {})
    result.counts[code][rating] = result.counts[code].get(rating, 0) + n
    if code == overall_code:
        result.answered += n
        result.by_channel[channel] = result.by_channel.get(channel, 0) + n
        if rating in SATISFIED_RATINGS:
            result.satisfied += n


def comments(campaign: Campaign, *, include_hidden: bool = False) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        response__campaign=campaign, question__kind=Question.Kind.TEXT
    ).exclude(text="").select_related("response__group").order_by("-response__submitted_at")
    return answers if include_hidden else answers.filter(hidden=False)


# Public short links are 4–16 lowercase letters and digits; anything else is not looked up.
TOKEN_RE = re.compile(r"^[a-z0-9]{4,16}$")

# The public answer page is the busiest page of the system: every resident's answer passes
# here. Its reads are written as SQL because building the equivalent select_related and
# question queries through the ORM cost about 1.6 ms per request, against about 0.1 ms for
# these (bench/consultation_ingest.py measures the page). Only the columns the page uses
# are read; any other field of these objects loads from the database if something asks.
_PUBLIC_LINK_SQL = """
    SELECT c.id, c.ward_id, c.year, c.title, c.opens_on, c.closes_on, c.require_codes,
           c.closed_early_at, l.id, l.group_id, w.name, g.name,
           q.id, q."order", q.code, q.text, q.kind, q.is_overall
    FROM consultations_grouplink l
    JOIN consultations_campaign c ON c.id = l.campaign_id
    JOIN units_orgunit w ON w.id = c.ward_id
    JOIN units_orgunit g ON g.id = l.group_id
    LEFT JOIN consultations_question q ON q.campaign_id = c.id
    WHERE l.token = %s
    ORDER BY q."order", q.id
"""
# In the models' field order, as Model.from_db expects.
_CAMPAIGN_FIELDS = ["id", "ward_id", "year", "title", "opens_on", "closes_on",
                    "require_codes", "closed_early_at"]
_QUESTION_FIELDS = ["id", "campaign_id", "order", "code", "text", "kind", "is_overall"]


def _aware(value: datetime | None) -> datetime | None:
    # SQLite returns datetimes naive (stored in UTC); PostgreSQL returns them aware.
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value


# Each process keeps the links it has read for PUBLIC_LINK_SECONDS: reading one (a join
# and eleven model instances) was the largest part of an answer after storing it. What a
# link carries changes rarely (a campaign closed early, a name corrected), and whether a
# campaign still takes answers is decided again by the INSERT that stores one
# (services._response_insert), so an early close stops answers at once everywhere; the
# page itself may offer the form for up to this long on another process. Saving or
# deleting a campaign, question, link or unit empties this process's copy (apps.py).
PUBLIC_LINK_SECONDS = 30.0
# A city has a few thousand group links a year; past this, start again rather than grow.
PUBLIC_LINKS_KEPT = 20_000
_public_links: dict[str, tuple[float, GroupLink]] = {}


def public_links_forget() -> None:
    _public_links.clear()


def group_link_get_public(token: str) -> GroupLink | None:
    """The group link behind a public short link; None for anything unknown or malformed.

    The link comes with its campaign, the campaign's ward (name only), the group (name
    only) and the campaign's questions in order. The objects are shared by the requests
    of this process: read them, never change them.
    """
    token = token.strip().lower()
    if not TOKEN_RE.match(token):
        return None
    now = time.monotonic()
    kept = _public_links.get(token)
    if kept is not None and now - kept[0] < PUBLIC_LINK_SECONDS:
        return kept[1]
    link = _group_link_read(token)
    if link is None:
        # Unknown tokens are not kept: anyone can invent them, and memory would grow.
        return None
    if len(_public_links) >= PUBLIC_LINKS_KEPT:
        _public_links.clear()
    _public_links[token] = (now, link)
    return link


def _group_link_read(token: str) -> GroupLink | None:
    """One query: the link, its campaign, the two names and the questions."""
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_LINK_SQL, [token])
        rows = cursor.fetchall()
    if not rows:
        return None
    (campaign_id, ward_id, year, title, opens_on, closes_on, require_codes, closed_early_at,
     link_id, group_id, ward_name, group_name) = rows[0][:12]
    db = connection.alias
    campaign = Campaign.from_db(db, _CAMPAIGN_FIELDS, [
        campaign_id, ward_id, year, title, opens_on, closes_on, bool(require_codes),
        _aware(closed_early_at),
    ])
    campaign.ward = OrgUnit.from_db(db, ["id", "name"], [ward_id, ward_name])
    # One row per question (one row of NULLs for a campaign without any). Filled here so
    # that the form and the checks reuse them (Campaign.question_list). bool(): SQLite
    # hands booleans back as 0/1.
    campaign.__dict__["question_list"] = [
        Question.from_db(db, _QUESTION_FIELDS, [q_id, campaign_id, order, code, text, kind,
                                                bool(is_overall)])
        for q_id, order, code, text, kind, is_overall in (row[12:] for row in rows)
        if q_id is not None
    ]
    link = GroupLink.from_db(db, ["id", "campaign_id", "group_id", "token"],
                             [link_id, campaign_id, group_id, token])
    link.campaign = campaign
    link.group = OrgUnit.from_db(db, ["id", "name"], [group_id, group_name])
    return link


def response_replayed(nonce: str) -> Response | None:
    """The response already stored under this submission id, if any (a form sent again)."""
    return Response.objects.filter(nonce=nonce).first()
