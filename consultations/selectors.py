"""Reads about consultations: the live results every page and document is built from."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action, get_for_user, scope
from consultations.models import (
    SATISFIED_RATINGS,
    Answer,
    AnswerTally,
    Campaign,
    GroupLink,
    PaperTally,
    Question,
    Response,
    ResponseTally,
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
    """Tallies per residential group and question, web and paper together.

    `channels` narrows to some of code / web / paper (empty: all of them).
    """
    wanted = channels or tuple(Response.Channel.values)
    return campaign_results([campaign], lambda _campaign: wanted)[0]


def counted_result(campaign: Campaign) -> CampaignResult:
    """The result that decides the satisfaction criterion: the campaign's counted channels
    (household codes and paper; open web too when the Front chose so)."""
    return counted_results([campaign])[0]


def counted_results(campaigns: Iterable[Campaign], *, overall_only: bool = False
                    ) -> list[CampaignResult]:
    """`counted_result` of many campaigns in the same few queries as one (the dashboard).

    `overall_only` reads only what the satisfaction rate needs: respondents, satisfied
    and channels per group, with no counts per question and rating (`counts` stays empty
    except where a group overflows), for pages that show only the rate.
    """
    return campaign_results(campaigns, Campaign.counted_channels, overall_only=overall_only)


def campaign_results(campaigns: Iterable[Campaign],
                     channels_of: Callable[[Campaign], tuple[str, ...]], *,
                     overall_only: bool = False) -> list[CampaignResult]:
    """The results of campaigns, each over the channels `channels_of` names for it.

    Read from the tallies the answer page keeps (models.ResponseTally, AnswerTally) and
    the paper tallies, never from the answers themselves: six queries however many
    campaigns and answers there are, and one more when a group has more open-web answers
    than households and is not in the cache (_open_web_counted). Equal to counting the
    answers: the tallies move in the transaction that stores them, and
    `manage.py rebuild_totals` checks it.
    """
    listed = list(campaigns)
    if not listed:
        return []
    ids = [c.pk for c in listed]
    C = Response.Channel
    members: dict[int, list[OrgUnit]] = {pk: [] for pk in ids}
    # The groups with only what a result shows (a city has thousands: building complete
    # units and their links was most of the dashboard's time). Other fields load if asked.
    db = connection.alias
    for campaign_id, *unit in (Campaign.groups.through.objects.filter(campaign_id__in=ids)
                               .order_by("orgunit__code")
                               .values_list("campaign_id", *_GROUP_PATHS)):
        members[campaign_id].append(OrgUnit.from_db(db, _GROUP_FIELDS, unit))
    wanted = {c.pk: channels_of(c) or tuple(C.values) for c in listed}
    results = {c.pk: CampaignResult(campaign=c, groups=[GroupResult(group=g)
                                                       for g in members[c.pk]],
                                    channels=wanted[c.pk]) for c in listed}
    cells = {(c.pk, g.group.pk): g for c in listed for g in results[c.pk].groups}
    if overall_only:
        # Only the overall question's code, not every campaign's questions as objects.
        overall = {pk: (campaign_id, code) for pk, campaign_id, code in Question.objects.filter(
            campaign_id__in=ids, is_overall=True).values_list("pk", "campaign_id", "code")}
        codes = {pk: (code, True) for pk, (_campaign_id, code) in overall.items()}
        overall_code: dict[int, str | None] = dict(overall.values())
    else:
        _questions_read(listed)
        codes = {q.pk: (q.code, q.is_overall) for c in listed for q in c.question_list}
        overall_code = {c.pk: next((q.code for q in c.question_list if q.is_overall), None)
                        for c in listed}

    paper = PaperTally.objects.filter(campaign_id__in=ids)
    tallies = AnswerTally.objects.filter(campaign_id__in=ids, channel__in=[C.CODE, C.WEB])
    if overall_only:
        paper = paper.filter(question_id__in=list(codes))
        tallies = tallies.filter(question_id__in=list(codes))
    paper_rows = list(paper.values_list("campaign_id", "group_id", "question_id", "rating")
                      .annotate(n=Sum("count")).order_by())
    kept = _open_web_counted(
        [c for c in listed if set(wanted[c.pk]) & {C.CODE, C.WEB}], cells, paper_rows, codes)
    if overall_only:
        # Answered and satisfied per group and channel, summed by the database: a fifth of
        # the rows. Groups that overflow count what `kept` says, rating by rating.
        for campaign_id, group_id, channel, n, ok in (
                tallies.values_list("campaign_id", "group_id", "channel")
                .annotate(answered=Sum("n"), ok=Sum("n", filter=Q(rating__in=SATISFIED_RATINGS)))
                .order_by()):
            result = cells.get((campaign_id, group_id))
            if result is None or channel not in wanted[campaign_id]:
                continue
            if channel == C.WEB and (campaign_id, group_id) in kept:
                for (question_id, rating), count in kept[(campaign_id, group_id)].items():
                    if question_id in codes:
                        _add(result, codes[question_id][0], rating, count,
                             overall_code[campaign_id], channel)
            else:
                _add_respondents(result, n, ok or 0, channel)
    else:
        for campaign_id, group_id, channel, question_id, rating, n in tallies.values_list(
                "campaign_id", "group_id", "channel", "question_id", "rating", "n"):
            result = cells.get((campaign_id, group_id))
            if result is None or channel not in wanted[campaign_id]:
                continue
            if channel == C.WEB and (campaign_id, group_id) in kept:
                n = kept[(campaign_id, group_id)].get((question_id, rating), 0)
            if n:
                _add(result, codes[question_id][0], rating, n, overall_code[campaign_id],
                     channel)
    for campaign_id, group_id, question_id, rating, n in paper_rows:
        result = cells.get((campaign_id, group_id))
        if result is None or not n or C.PAPER not in wanted[campaign_id]:
            continue
        _add(result, codes[question_id][0], rating, n, overall_code[campaign_id], C.PAPER)
    return [results[c.pk] for c in listed]


_GROUP_FIELDS = ["id", "code", "name", "households"]
_GROUP_PATHS = [f"orgunit__{name}" for name in _GROUP_FIELDS]


def _questions_read(campaigns: list[Campaign]) -> None:
    """Fill each campaign's question_list with one query for all (one read per request)."""
    unread = [c for c in campaigns if "question_list" not in c.__dict__]
    if not unread:
        return
    by_campaign: dict[int, list[Question]] = {c.pk: [] for c in unread}
    for question in Question.objects.filter(campaign_id__in=by_campaign).order_by("order"):
        by_campaign[question.campaign_id].append(question)
    for campaign in unread:
        campaign.__dict__["question_list"] = by_campaign[campaign.pk]


# The open-web answers a group's households have room for: the answers of its first `room`
# open-web responses in the order they arrived (by id), counted per question and rating.
_KEPT_SQL = """
    SELECT r.campaign_id, r.group_id, a.question_id, a.rating, COUNT(*),
           SUM(CASE WHEN r.submitted_at > %s THEN 1 ELSE 0 END)
    FROM (SELECT id, campaign_id, group_id, submitted_at,
                 ROW_NUMBER() OVER (PARTITION BY campaign_id, group_id ORDER BY id) AS rn,
                 CASE {rooms} END AS room
          FROM consultations_response
          WHERE channel = %s AND ({groups})) r
    JOIN consultations_answer a ON a.response_id = r.id
    WHERE r.rn <= r.room AND a.rating IS NOT NULL
    GROUP BY r.campaign_id, r.group_id, a.question_id, a.rating
"""
# What a group's first `room` open-web answers said never changes once more have arrived:
# answers are only ever added, after them. It is kept in the cache under the room, so a
# group that overflows is counted from its answers once, not on every view of the city.
# Only once the last of them is a minute old: on PostgreSQL an answer given an earlier id
# may still be committing while a later one is already seen.
KEPT_SETTLED = timedelta(minutes=1)
KEPT_CACHE_SECONDS = 7 * 24 * 3600


KEPT_GENERATION = "consultations:kept:generation"


def kept_forget() -> None:
    """Forget every cached count (manage.py rebuild_totals: after a restore the answers
    themselves may differ from what was counted)."""
    cache.set(KEPT_GENERATION, timezone.now().timestamp(), None)


def _kept_key(generation: object, campaign_id: int, group_id: int, room: int) -> str:
    return f"consultations:kept:{generation}:{campaign_id}:{group_id}:{room}"


def _open_web_counted(campaigns: list[Campaign], cells: dict[tuple[int, int], GroupResult],
                   paper_rows: list[tuple[int, int, int, int, int]],
                   codes: dict[int, tuple[str, bool]]
                   ) -> dict[tuple[int, int], dict[tuple[int, int], int]]:
    """Which open-web answers count where a group has more of them than households.

    A group cannot have more answers than households. Paper forms (collected by the Front)
    and answers with a household code are tied to a household and come first; open-web
    answers fill what room is left, in the order they arrived, and the rest are held (each
    group's `held`). Returns, for each group that overflows, the open-web answers that
    count per (question, rating), to use instead of its open-web tallies. One query (the
    response tallies), and one more when an overflowing group is not in the cache; a
    group whose household count is unknown has no cap.
    """
    C = Response.Channel
    if not campaigns:
        return {}
    sent: dict[tuple[int, int], dict[str, int]] = {}
    for campaign_id, group_id, channel, n in ResponseTally.objects.filter(
            campaign_id__in=[c.pk for c in campaigns], channel__in=[C.CODE, C.WEB]
    ).values_list("campaign_id", "group_id", "channel", "n"):
        sent.setdefault((campaign_id, group_id), {})[channel] = n
    for campaign_id, group_id, question_id, _rating, n in paper_rows:
        if (campaign_id, group_id) in sent and codes[question_id][1]:
            by_channel = sent[(campaign_id, group_id)]
            by_channel[C.PAPER] = by_channel.get(C.PAPER, 0) + (n or 0)
    kept: dict[tuple[int, int], dict[tuple[int, int], int]] = {}
    rooms: dict[str, tuple[int, int, int]] = {}
    generation = None
    for (campaign_id, group_id), by_channel in sent.items():
        result = cells.get((campaign_id, group_id))
        households = result.group.households if result is not None else None
        if households is None:
            continue
        assert result is not None
        room = max(households - by_channel.get(C.CODE, 0) - by_channel.get(C.PAPER, 0), 0)
        web = by_channel.get(C.WEB, 0)
        if web > room:
            result.held = web - room
            kept[(campaign_id, group_id)] = {}
            if room:
                if generation is None:
                    generation = cache.get(KEPT_GENERATION, 0)
                rooms[_kept_key(generation, campaign_id, group_id, room)] = (
                    campaign_id, group_id, room)
    if not rooms:
        return kept
    for key, counts in cache.get_many(list(rooms)).items():
        kept[rooms.pop(key)[:2]] = counts
    if not rooms:
        return kept
    wanted = list(rooms.values())
    sql = _KEPT_SQL.format(
        rooms=" ".join(["WHEN campaign_id = %s AND group_id = %s THEN %s"] * len(wanted)),
        groups=" OR ".join(["(campaign_id = %s AND group_id = %s)"] * len(wanted)))
    settled = connection.ops.adapt_datetimefield_value(timezone.now() - KEPT_SETTLED)
    params = [settled] + [v for row in wanted for v in row] + [C.WEB] + [
        v for campaign_id, group_id, _room in wanted for v in (campaign_id, group_id)]
    recent: set[tuple[int, int]] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for campaign_id, group_id, question_id, rating, n, fresh in cursor.fetchall():
            kept[(campaign_id, group_id)][(question_id, rating)] = n
            if fresh:
                recent.add((campaign_id, group_id))
    cache.set_many({key: kept[(c, g)] for key, (c, g, _room) in rooms.items()
                    if (c, g) not in recent}, KEPT_CACHE_SECONDS)
    return kept


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


def _add_respondents(result: GroupResult, answered: int, satisfied: int, channel: str) -> None:
    """`_add` of the overall question's answers already summed over the ratings."""
    result.answered += answered
    result.satisfied += satisfied
    result.by_channel[channel] = result.by_channel.get(channel, 0) + answered


def _add(result: GroupResult, code: str, rating: int, n: int, overall_code: str | None,
         channel: str) -> None:
    result.counts.setdefault(code, {})
    result.counts[code][rating] = result.counts[code].get(rating, 0) + n
    if code == overall_code:
        result.answered += n
        result.by_channel[channel] = result.by_channel.get(channel, 0) + n
        if rating in SATISFIED_RATINGS:
            result.satisfied += n


COMMENTS_PER_PAGE = 50


@dataclass(frozen=True)
class CommentPage:
    comments: list[Answer]
    # Where the next (older) page starts: "<response id>-<answer id>" of the last shown.
    older: str | None


def comment_page(campaign: Campaign, *, include_hidden: bool = False,
                 before: str = "") -> CommentPage:
    """The newest comments, a page at a time: a ward gathers thousands in a season.

    Newest first by response, so that the campaign's responses are read backwards and
    the page stops after COMMENTS_PER_PAGE, however many answers the table holds.
    `before` is a page's `older` mark; anything else starts from the newest.
    """
    text_ids = [q.pk for q in campaign.question_list if q.kind == Question.Kind.TEXT]
    answers = (Answer.objects.filter(response__campaign=campaign, question_id__in=text_ids)
               .exclude(text="").select_related("response__group")
               .order_by("-response_id", "-pk"))
    if not include_hidden:
        answers = answers.filter(hidden=False)
    response_id, _dash, answer_id = before.partition("-")
    if all(part.isascii() and part.isdigit() and len(part) <= 18
           for part in (response_id, answer_id)):
        answers = answers.filter(Q(response_id__lt=int(response_id))
                                 | Q(response_id=int(response_id), pk__lt=int(answer_id)))
    listed = list(answers[:COMMENTS_PER_PAGE + 1])
    shown = listed[:COMMENTS_PER_PAGE]
    older = (f"{shown[-1].response_id}-{shown[-1].pk}"
             if len(listed) > COMMENTS_PER_PAGE else None)
    return CommentPage(comments=shown, older=older)


def comment_mark(answer: Answer) -> str:
    """The `before` mark of the page that starts with `answer`."""
    return f"{answer.response_id}-{answer.pk + 1}"


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


# The moments of a campaign's answering, as `Campaign.closed_reason` tells them apart.
PHASE_NOT_OPEN, PHASE_OPEN, PHASE_CLOSED = "not_open", "open", "closed"


def campaign_phase(campaign: Campaign, day: date) -> str:
    """Whether the campaign takes answers on `day`: "open", "not_open" (yet) or "closed"."""
    return campaign.closed_reason(day) or PHASE_OPEN


def campaign_register(*, actor: User, ward: int | None = None, year: int | None = None,
                      phase: str | None = None, day: date | None = None
                      ) -> QuerySet[Campaign]:
    """The campaigns the actor may see (another system's list: the API), narrowed by the
    filters given; `phase` is judged on `day` (today), by the rule of `campaign_phase`."""
    campaigns = campaign_list(actor=actor)
    if ward is not None:
        campaigns = campaigns.filter(ward_id=ward)
    if year is not None:
        campaigns = campaigns.filter(year=year)
    if phase is not None:
        today = day or timezone.localdate()
        closed = Q(closed_early_at__isnull=False) | Q(closes_on__lt=today)
        if phase == PHASE_CLOSED:
            campaigns = campaigns.filter(closed)
        elif phase == PHASE_NOT_OPEN:
            campaigns = campaigns.exclude(closed).filter(opens_on__gt=today)
        else:
            campaigns = campaigns.exclude(closed).filter(opens_on__lte=today)
    return campaigns
