"""The programme year bench/season.py measures: one province, every part of the system.

`Loader(wards, responses_per_ward).run()` fills a migrated, empty database with what a city
has in early December of the year (the year whose consultation closed last):

- units and people: the province's wards as the official list has them (`load_units`),
  20 residential groups each (380–1,000 households; one in twenty recorded with fewer, so
  that its open-web answers overflow and are held), the plan's bodies (`load_agencies`,
  which gives every ward People's Committee its own), and the users who hold the roles:
  the city's, four per ward, one reporter per body;
- indicators: the province's typed indicators (`load_indicators`) for every ward and the
  84 months before this one (raw rows, as `generate_national_data` writes them, restricted
  to the one province), and the yearly figures the system records itself for the year;
- consultations: one campaign per ward (1 October – 30 November, the default questions),
  `--responses-per-ward` responses each spread over the season in the order they arrive
  (the campaigns interleaved, as the table fills in production), a fifth with a household
  code, each answering the overall question, the four others 95% of the time, a comment
  one time in five (a few hidden by moderation); a few meetings where a group answers
  within ten minutes; paper forms per group as the Front types them (PaperTally);
- assessments: the sample criteria set, the year's round, every ward registered with its
  dossier and a value for every criterion (drafts 70% filled), spread over the procedure's
  states of early December with their steps, endorsements, the Front's opinions (the rate
  read from the ward's generated answers) and council votes;
- reports: the province's plan, its 6-monthly and yearly periods of the year with a report
  for every body (the 6-monthly ones nearly all in, the yearly ones partly), and the
  6-monthly consolidated draft;
- facilities: the sample equipment catalogue, every ward's headquarters history, projects
  for those without their own, inventory and procurement plans to 2030;
- movement and force: every group's and ward's "An toàn về ANTT" year (registered,
  assessed, recognised), models with their reviews; every ward's staffing, the city's
  training plan with attendance, discipline, commendations.

Big tables go in raw (season_bulk.Bulk); the small ones through the ORM's bulk_create or
the app's loaders and services where they do not depend on today's date. Nothing writes
a pre-aggregate: `rebuild_totals` computes them afterwards (season.py).
"""

from __future__ import annotations

import base64
import io
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from season_bulk import Bulk

PROVINCE = "01"
GROUPS_PER_WARD = 20
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_SHARE = 0.2          # responses with a household code; the rest open web
OPTIONAL_ANSWERED = 0.95  # each of the four other rating questions
COMMENTED = 0.2
HIDDEN = 0.01             # of the comments
PAPER_SHARE = 0.1         # paper forms per group, against its web responses
MEETINGS_PER_WARD = 2     # groups answering together within ten minutes
MEETING_ANSWERS = 35
COMMENTS = (
    "Công an phường làm việc tận tình, chu đáo.",
    "Cần tăng cường tuần tra vào buổi tối, nhất là các ngõ nhỏ.",
    "Xử lý lấn chiếm vỉa hè chưa triệt để, tái diễn sau vài ngày.",
    "Cán bộ tiếp dân niềm nở, giải quyết thủ tục cư trú nhanh.",
    "Đề nghị lắp thêm camera an ninh ở khu vực chợ.",
    "Tình trạng đua xe vào ban đêm vẫn còn, đề nghị xử lý nghiêm.",
    "Hài lòng.",
    "Cảnh sát khu vực nắm rõ địa bàn, thường xuyên đến từng hộ gia đình.",
    "Tiếng ồn karaoke sau 22 giờ chưa được xử lý dứt điểm, người dân phản ánh nhiều lần "
    "nhưng tình trạng vẫn tiếp diễn, ảnh hưởng đến sinh hoạt và nghỉ ngơi của các hộ xung "
    "quanh.",
    "Nên có đường dây nóng trả lời nhanh hơn.",
    "Trật tự đô thị tốt hơn năm trước.",
    "Đề nghị tuyên truyền phòng cháy chữa cháy cho các hộ kinh doanh.",
)


@dataclass
class WardOpinions:
    """A ward's generated answers to the overall question, for its dossier's criterion."""

    counted: int = 0      # household codes and paper: what decides the criterion
    satisfied: int = 0
    answered: int = 0     # every channel


@dataclass
class Season:
    year: int
    province: Any
    coordinator: Any
    wards: list[Any]
    campaign_id: int = 0          # the campaign the detail and results pages open
    half_year_period_id: int = 0
    year_period_id: int = 0
    plan_id: int = 0
    indicator_code: str = ""
    opinions: dict[int, WardOpinions] = field(default_factory=dict)
    rows: Counter = field(default_factory=Counter)   # table → rows inserted
    parts: list[tuple[str, float, str]] = field(default_factory=list)


def season_year(today: date) -> int:
    """The latest year whose consultation has closed (30 November, plan IV.18)."""
    from consultations.models import consultation_last_day

    return today.year if today > consultation_last_day(today.year) else today.year - 1


def _quiet(command: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(command, stdout=io.StringIO(), stderr=io.StringIO(), **options)


def _months_back(today: date, count: int) -> list[date]:
    """The `count` months before this one, oldest first (first days)."""
    index = today.year * 12 + today.month - 1
    return [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(count, 0, -1)]


class Loader:
    def __init__(self, wards: int, responses_per_ward: int, seed: int = 2026) -> None:
        from django.utils import timezone

        self.ward_count = wards
        self.responses_per_ward = responses_per_ward
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.year = season_year(self.today)
        self.bulk = Bulk()
        self.people: dict[tuple[str, int], Any] = {}  # (role, ward or agency pk) → user
        self.council: list[Any] = []
        self.sizes: dict[int, int] = {}  # group → households really living there

    # --- driver -----------------------------------------------------------------------

    def run(self, say: Callable[[str], None] = print) -> Season:
        from django.db import transaction
        from django.utils import translation

        parts: list[tuple[str, Callable[[], str]]] = [
            ("units, groups, bodies, users", self._units),
            ("indicators (84 months)", self._indicators),
            ("consultations", self._consultations),
            ("assessments", self._assessments),
            ("reports", self._reports),
            ("facilities", self._facilities),
            ("movement", self._movement),
            ("force", self._force),
        ]
        translation.activate("vi")  # the questions' and titles' texts, as a Hanoi user's
        try:
            for name, part in parts:
                started = time.perf_counter()
                with transaction.atomic():
                    detail = part()
                seconds = time.perf_counter() - started
                self.season.parts.append((name, seconds, detail))
                say(f"  loaded {name}: {seconds:.1f} s ({detail})")
        finally:
            translation.deactivate()
        return self.season

    # --- units and people -------------------------------------------------------------

    def _units(self) -> str:
        from accounts.models import Role, RoleAssignment, User
        from units.models import Agency, OrgUnit

        _quiet("load_units", province=PROVINCE)
        province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code=PROVINCE,
                                       valid_to__isnull=True)
        wards = list(OrgUnit.objects.filter(province=province, kind__in=OrgUnit.COMMUNE_LEVEL,
                                            valid_to__isnull=True).order_by("code"))
        if len(wards) > self.ward_count:  # --wards: a smaller city, nothing refers to them yet
            OrgUnit.objects.filter(pk__in=[w.pk for w in wards[self.ward_count:]]).delete()
            wards = wards[:self.ward_count]
        groups, sizes = [], []
        for ward in wards:
            noun = "Tổ dân phố" if ward.kind == OrgUnit.Kind.WARD else "Thôn"
            for n in range(1, GROUPS_PER_WARD + 1):
                size = self.rng.randint(380, 1000)
                # One group in twenty has a household count recorded years ago, below what
                # answers: its open-web answers beyond it are held (selectors._open_web_counted).
                recorded = self.rng.randint(150, 350) if self.rng.random() < 0.05 else size
                groups.append(OrgUnit(
                    kind=OrgUnit.Kind.RESIDENTIAL_GROUP, code=f"TDP{n:02d}",
                    name=f"{noun} số {n}", parent=ward, province=province, commune=ward,
                    households=recorded))
                sizes.append(size)
        OrgUnit.objects.bulk_create(groups, batch_size=2000)
        self.sizes = {g.pk: size for g, size in zip(groups, sizes, strict=True)}
        _quiet("load_agencies", province=PROVINCE)

        users: list[User] = []
        roles: list[tuple[User, str, Any, Any]] = []

        def person(username: str, name: str, role: str, unit: Any = None,
                   agency: Any = None) -> User:
            user = User(username=username, full_name=name, password="!bench-no-login")
            users.append(user)
            roles.append((user, role, unit, agency))
            self.people[(role, (unit or agency).pk if (unit or agency) else 0)] = user
            return user

        coordinator = person("bench.dieuphoi", "Trần Văn Điều Phối", Role.CITY_COORDINATOR,
                             province)
        person("bench.lanhdao", "Nguyễn Thị Lãnh Đạo", Role.CITY_LEADER, province)
        for n in range(1, 6):
            user = User(username=f"bench.hoidong{n}", full_name=f"Thành viên Hội đồng {n}",
                        password="!bench-no-login")
            users.append(user)
            roles.append((user, Role.COUNCIL_MEMBER, province, None))
            self.council.append(user)
        for ward in wards:
            for suffix, role, label in (("truong", Role.WARD_CHIEF, "Trưởng Công an"),
                                        ("canbo", Role.WARD_OFFICER, "Cán bộ Công an"),
                                        ("ubnd", Role.WARD_COMMITTEE, "Cán bộ UBND"),
                                        ("mttq", Role.WARD_FRONT, "Chủ tịch Ủy ban MTTQ")):
                person(f"{suffix}.{ward.code}", f"{label} {ward.name}", role, ward)
        agencies = list(Agency.objects.filter(province=province))
        for agency in agencies:
            person(f"baocao.{agency.code}"[:150], f"Cán bộ báo cáo {agency.name}"[:150],
                   Role.AGENCY_REPORTER, agency=agency)
        User.objects.bulk_create(users, batch_size=1000)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=r, org_unit=unit, agency=agency)
             for u, r, unit, agency in roles], batch_size=1000)
        self.season = Season(year=self.year, province=province, coordinator=coordinator,
                             wards=wards)
        self.season.rows.update({"wards": len(wards), "residential groups": len(groups),
                                 "bodies": len(agencies), "users": len(users)})
        return (f"{len(wards)} wards, {len(groups):,} groups, {len(agencies)} bodies, "
                f"{len(users)} users")

    def _user(self, role: str, scope: Any) -> Any:
        return self.people[(role, scope.pk)]

    # --- indicators -------------------------------------------------------------------

    def _indicators(self) -> str:
        from indicators.models import IndicatorDefinition

        _quiet("load_indicators")
        definitions = list(IndicatorDefinition.objects.filter(is_active=True)
                           .order_by("order", "code"))
        typed = [d for d in definitions if not d.is_computed and not d.filled_by]
        # A ceiling ("reported") before what may not exceed it ("solved").
        typed.sort(key=lambda d: d.not_above_id is not None)
        self.season.indicator_code = typed[0].code
        months = _months_back(self.today, 84)
        rng, bulk = self.rng, self.bulk
        bases = {d.pk: rng.randint(1, 60) for d in typed}
        stamp = bulk.stamp(self.now)

        def rows():
            for ward in self.season.wards:
                scale = rng.uniform(0.5, 1.5)
                for month in months:
                    given: dict[int, int] = {}
                    day = bulk.day(month)
                    for d in typed:
                        value = max(0, int(bases[d.pk] * scale + rng.randint(-5, 5)))
                        if d.not_above_id in given:
                            value = min(value, given[d.not_above_id])
                        given[d.pk] = value
                        yield d.pk, ward.pk, day, value, stamp

        count = bulk.rows("indicators_indicatorvalue",
                          ["indicator_id", "ward_id", "month", "value", "entered_at"], rows())
        self.season.rows["indicator values"] += count
        return f"{len(typed)} typed indicators × {len(months)} months: {count:,} values"

    def _year_figures(self, figures: dict[str, dict[int, int]]) -> int:
        """The yearly figures other apps record (`filled_by`), filed under December as
        indicators.services.indicator_year_figure_record files them."""
        from indicators.models import IndicatorDefinition

        codes = dict(IndicatorDefinition.objects.filter(code__in=figures)
                     .values_list("code", "pk"))
        december, stamp = self.bulk.day(date(self.year, 12, 1)), self.bulk.stamp(self.now)
        count = self.bulk.rows(
            "indicators_indicatorvalue",
            ["indicator_id", "ward_id", "month", "value", "entered_at"],
            ((codes[code], ward_id, december, value, stamp)
             for code, by_ward in figures.items() if code in codes
             for ward_id, value in by_ward.items()))
        self.season.rows["indicator values"] += count
        return count

    # --- consultations ----------------------------------------------------------------

    def _consultations(self) -> str:
        from accounts.models import Role
        from consultations.models import (
            Campaign,
            GroupLink,
            HouseholdCode,
            PaperTally,
            Question,
            Response,
            consultation_last_day,
        )
        from consultations.services import DEFAULT_QUESTIONS
        from units.models import OrgUnit

        year, rng, bulk = self.year, self.rng, self.bulk
        opens, closes = date(year, 10, 1), consultation_last_day(year)
        wards = self.season.wards
        campaigns = Campaign.objects.bulk_create([Campaign(
            ward=w, year=year, opens_on=opens, closes_on=closes,
            title=f"Lấy ý kiến Nhân dân về Công an {w.name} năm {year}",
            created_by=self._user(Role.WARD_FRONT, w)) for w in wards])
        by_ward = {c.ward_id: c for c in campaigns}
        self.season.campaign_id = campaigns[0].pk
        groups: dict[int, list[Any]] = {}
        for g in OrgUnit.objects.filter(parent__in=wards, kind=OrgUnit.Kind.RESIDENTIAL_GROUP
                                        ).order_by("code"):
            groups.setdefault(g.parent_id, []).append(g)
        through = Campaign.groups.through
        through.objects.bulk_create(
            [through(campaign_id=by_ward[w.pk].pk, orgunit_id=g.pk)
             for w in wards for g in groups[w.pk]], batch_size=2000)
        Question.objects.bulk_create(
            [Question(campaign=c, order=n, code=code, text=str(text), kind=kind,
                      is_overall=overall)
             for c in campaigns
             for n, (code, text, kind, overall) in enumerate(DEFAULT_QUESTIONS, 1)])
        GroupLink.objects.bulk_create(
            [GroupLink(campaign=by_ward[w.pk], group=g) for w in wards for g in groups[w.pk]],
            batch_size=2000)
        questions: dict[int, tuple[int, list[int], int]] = {}  # campaign → overall, others, text
        for c in campaigns:
            listed = list(Question.objects.filter(campaign=c).order_by("order"))
            overall = next(q.pk for q in listed if q.is_overall)
            others = [q.pk for q in listed if q.kind == Question.Kind.RATING and not q.is_overall]
            text = next(q.pk for q in listed if q.kind == Question.Kind.TEXT)
            questions[c.pk] = (overall, others, text)

        days = (closes - opens).days + 1
        season_start = datetime(year, 10, 1, tzinfo=HANOI)
        # Each ward's answers spread over the season's days, more towards its end; its
        # groups answer in proportion to their households.
        day_weights = [1.0 + 2.0 * d / days for d in range(days)]
        plans = []
        for w in wards:
            satisfied = rng.uniform(0.84, 0.97)
            meetings = [(rng.choice(groups[w.pk]), rng.randrange(days),
                         rng.randint(8 * 3600, 19 * 3600))
                        for _ in range(MEETINGS_PER_WARD)
                        if self.responses_per_ward >= 20 * MEETING_ANSWERS]
            regular = self.responses_per_ward - len(meetings) * MEETING_ANSWERS
            per_day = Counter(rng.choices(range(days), weights=day_weights, k=regular))
            plans.append((w, by_ward[w.pk], satisfied, meetings, per_day,
                          list(itertools.accumulate(self.sizes[g.pk] for g in groups[w.pk]))))

        opinions = {w.pk: WardOpinions() for w in wards}
        self.season.opinions = opinions
        next_response = bulk.next_id(Response._meta.db_table)
        next_code = bulk.next_id(HouseholdCode._meta.db_table)
        code_counter = next_code
        mask = (1 << 40) - 1

        def rating(satisfied: float) -> int:
            if rng.random() < satisfied:
                return 5 if rng.random() < 0.6 else 4
            return rng.choices((3, 2, 1), weights=(6, 3, 1))[0]

        def household_code(n: int) -> str:
            # A bijection of the counter onto 40 bits, written in the slip alphabet:
            # unique, random-looking, 8 characters like services.new_household_code.
            value = (n * 0x9E3779B97F) & mask
            alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
            return "".join(alphabet[(value >> (5 * k)) & 31] for k in range(8))

        web_per_group: Counter = Counter()
        totals = Counter()
        for day in range(days):
            # The day's responses of every ward, in the order they arrive (ids follow time,
            # so one campaign's rows lie among the others' as they do in production).
            arriving = []
            for w, campaign, satisfied, meetings, per_day, households in plans:
                ward_groups = groups[w.pk]
                for _ in range(per_day.get(day, 0)):
                    group = rng.choices(ward_groups, cum_weights=households)[0]
                    arriving.append((rng.randint(7 * 3600, 21 * 3600), w, campaign, group,
                                     satisfied))
                for group, meeting_day, start in meetings:
                    if meeting_day == day:
                        arriving.extend((start + rng.randint(0, 599), w, campaign, group,
                                         satisfied) for _ in range(MEETING_ANSWERS))
            arriving.sort(key=lambda item: item[0])
            base = season_start + timedelta(days=day)
            codes, responses, answers = [], [], []
            for seconds, w, campaign, group, satisfied in arriving:
                at = bulk.stamp(base + timedelta(seconds=seconds))
                response_id = next_response
                next_response += 1
                code_id = None
                if rng.random() < CODE_SHARE:
                    code_id = code_counter
                    code_counter += 1
                    codes.append((code_id, campaign.pk, group.pk, household_code(code_id), at))
                    channel = Response.Channel.CODE
                else:
                    channel = Response.Channel.WEB
                    web_per_group[group.pk] += 1
                nonce = (base64.urlsafe_b64encode(rng.randbytes(18)).decode() + "."
                         + base64.urlsafe_b64encode(rng.randbytes(16)).decode().rstrip("="))
                responses.append((response_id, campaign.pk, group.pk, channel, at, nonce,
                                  code_id))
                overall, others, text = questions[campaign.pk]
                first = rating(satisfied)
                answers.append((response_id, overall, first, "", False, ""))
                stats = opinions[w.pk]
                stats.answered += 1
                if channel == Response.Channel.CODE:
                    stats.counted += 1
                    stats.satisfied += first >= 4
                for question in others:
                    if rng.random() < OPTIONAL_ANSWERED:
                        answers.append((response_id, question, rating(satisfied), "", False,
                                        ""))
                if rng.random() < COMMENTED:
                    hidden = rng.random() < HIDDEN
                    answers.append((response_id, text, None, rng.choice(COMMENTS), hidden,
                                    "Nội dung không phù hợp" if hidden else ""))
            totals["codes"] += bulk.rows(
                HouseholdCode._meta.db_table, ["id", "campaign_id", "group_id", "code",
                                               "used_at"], codes)
            totals["responses"] += bulk.rows(
                Response._meta.db_table, ["id", "campaign_id", "group_id", "channel",
                                          "submitted_at", "nonce", "household_code_id"],
                responses)
            totals["answers"] += bulk.rows(
                "consultations_answer", ["response_id", "question_id", "rating", "text",
                                         "hidden", "hidden_reason"], answers)
        bulk.reset_sequences(Response, HouseholdCode)

        # Paper forms, typed per group by the Front at the end of November.
        entered = bulk.stamp(datetime(year, 11, 28, 16, tzinfo=HANOI))
        tallies = []
        for w, campaign, satisfied, _meetings, _per_day, _households in plans:
            front = self._user(Role.WARD_FRONT, w).pk
            overall, others, _text = questions[campaign.pk]
            for group in groups[w.pk]:
                forms = round(web_per_group[group.pk] * PAPER_SHARE)
                for question in (overall, *others):
                    answered = forms if question == overall else round(forms * 0.95)
                    counts = Counter(rating(satisfied) for _ in range(answered))
                    if question == overall:
                        opinions[w.pk].counted += answered
                        opinions[w.pk].answered += answered
                        opinions[w.pk].satisfied += counts[5] + counts[4]
                    tallies.extend((campaign.pk, group.pk, question, r, n, front, entered)
                                   for r, n in sorted(counts.items()))
        totals["paper"] = bulk.rows(PaperTally._meta.db_table,
                                    ["campaign_id", "group_id", "question_id", "rating",
                                     "count", "entered_by_id", "entered_at"], tallies)
        self.season.rows.update({"responses": totals["responses"],
                                 "answers": totals["answers"],
                                 "household codes": totals["codes"],
                                 "paper tally rows": totals["paper"]})
        return (f"{len(campaigns)} campaigns, {totals['responses']:,} responses, "
                f"{totals['answers']:,} answers, {totals['codes']:,} household codes, "
                f"{totals['paper']:,} paper tally rows")

    # --- assessments ------------------------------------------------------------------

    def _attachments(self, specs: list[tuple[str, Any, Any]]) -> list[Any]:
        """Attachment rows (name, org_unit, uploader) for documents the pages list but do
        not open: the files themselves are not written."""
        from attachments.models import Attachment

        return Attachment.objects.bulk_create([Attachment(
            file=f"bench/{name}", original_name=name, kind="pdf", size=48_000,
            sha256="0" * 64, org_unit=unit, uploaded_by=user, uploaded_at=self.now,
            description=name) for name, unit, user in specs], batch_size=1000)

    def _assessments(self) -> str:
        from accounts.models import Role
        from assessments.criteria_services import criteria_set_load_sample
        from assessments.models import (
            Assessment,
            AssessmentValue,
            CouncilVote,
            Criterion,
            Endorsement,
            OpinionsRecord,
            RecognitionRound,
            Registration,
            Transition,
        )
        from assessments.services import assessment_recompute, parse_value
        from consultations.selectors import percent
        from portal.demo import _demo_answer

        S = Assessment.State
        year, rng = self.year, self.rng
        coordinator = self.season.coordinator
        criteria_set, _created = criteria_set_load_sample(created_by=coordinator)
        round_ = RecognitionRound.objects.create(
            province=self.season.province, year=year, criteria_set=criteria_set,
            registration_deadline=date(year, 3, 31), submission_deadline=date(year, 12, 10),
            opened_by=coordinator)
        wards = self.season.wards
        Registration.objects.bulk_create(Registration(
            round=round_, ward=w, registered_by=self._user(Role.WARD_CHIEF, w)) for w in wards)
        # Early December: a quarter still drafting before the 10 December deadline, the rest
        # somewhere between submission and the appraisal council.
        chain = {
            S.DRAFT: [],
            S.SUBMITTED: [(S.DRAFT, S.SUBMITTED)],
            S.UNDER_REVIEW: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW)],
            S.RETURNED: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW),
                         (S.UNDER_REVIEW, S.RETURNED)],
            S.ACCEPTED: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW),
                         (S.UNDER_REVIEW, S.ACCEPTED)],
            S.APPRAISAL: [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_REVIEW),
                          (S.UNDER_REVIEW, S.ACCEPTED), (S.ACCEPTED, S.APPRAISAL)],
        }
        states = rng.choices(list(chain), weights=(25, 20, 20, 10, 15, 10), k=len(wards))
        assessments = Assessment.objects.bulk_create(
            Assessment(round=round_, ward=w, criteria_set=criteria_set, state=state)
            for w, state in zip(wards, states, strict=True))
        criteria = list(Criterion.objects.filter(criteria_set=criteria_set))
        parents = {c.parent_id for c in criteria if c.parent_id}
        values = []
        for assessment in assessments:
            opinions = self.season.opinions.get(assessment.ward_id)
            rate = percent(opinions.satisfied, opinions.counted) if opinions else None
            filled = 0.7 if assessment.state == S.DRAFT else 1.0
            for criterion in criteria:
                value = AssessmentValue(assessment=assessment, criterion=criterion)
                if criterion.pk not in parents and rng.random() < filled:
                    if criterion.value_source == Criterion.ValueSource.CONSULTATION:
                        raw = str(rate) if rate is not None else ""
                    elif rng.random() < 0.85:
                        raw = _demo_answer(criterion)
                    else:
                        raw = self._failing_answer(criterion)
                    value.value = parse_value(criterion, raw) if raw else ""
                    judged = criterion.evaluate(value.value)
                    value.met, value.score = judged.met, judged.score
                    value.updated_by = self._user(Role.WARD_CHIEF, assessment.ward)
                    if criterion.is_computed:
                        value.source_note = "Hệ thống tự tính (bench)"
                        value.source_read_at = self.now
                values.append(value)
        AssessmentValue.objects.bulk_create(values, batch_size=2000)
        for assessment in assessments:
            assessment_recompute(assessment=assessment)

        steps, endorsements, records, votes = [], [], [], []
        submitted = [a for a in assessments if a.state != S.DRAFT]
        with_opinions = submitted + [a for a in assessments if a.state == S.DRAFT
                                     and rng.random() < 0.5]
        documents = iter(self._attachments(
            [(f"y-kien-{body}-{a.ward.code}.pdf", a.ward,
              self._user(Role.WARD_COMMITTEE, a.ward))
             for a in submitted for body in Endorsement.Body.values]
            + [(f"tong-hop-y-kien-{a.ward.code}.pdf", a.ward, self._user(Role.WARD_FRONT, a.ward))
               for a in with_opinions]))
        council = self.council
        for a in submitted:
            for n, body in enumerate(Endorsement.Body.values, start=1):
                endorsements.append(Endorsement(
                    assessment=a, body=body, opinion=Endorsement.Opinion.AGREE,
                    document_number=f"{n}/{a.ward.code}", document_date=date(year, 11, 20),
                    document=next(documents), recorded_by=self._user(Role.WARD_COMMITTEE,
                                                                     a.ward)))
            for source, target in chain[a.state]:
                actor = (self._user(Role.WARD_CHIEF, a.ward) if source == S.DRAFT
                         else coordinator)
                steps.append(Transition(assessment=a, from_state=source, to_state=target,
                                        actor=actor,
                                        reason="Bổ sung minh chứng tiêu chí 2.3"
                                        if target == S.RETURNED else ""))
            if a.state == S.APPRAISAL:
                votes.extend(CouncilVote(assessment=a, member=m, vote="approve",
                                         opinion="Đạt các tiêu chí.") for m in council)
        for a in with_opinions:
            opinions = self.season.opinions[a.ward_id]
            rate = percent(opinions.satisfied, opinions.counted) or Decimal(0)
            records.append(OpinionsRecord(
                assessment=a, satisfaction_rate=rate, asked=opinions.counted,
                satisfied=opinions.satisfied, summary=next(documents),
                source=f"phiếu có mã hộ gia đình và phiếu giấy: {opinions.counted}",
                attached_by=self._user(Role.WARD_FRONT, a.ward)))
            a.satisfaction_rate, a.satisfaction_source = rate, records[-1].source
            a.opinions_file = records[-1].summary
        Endorsement.objects.bulk_create(endorsements)
        Transition.objects.bulk_create(steps)
        CouncilVote.objects.bulk_create(votes)
        OpinionsRecord.objects.bulk_create(records)
        Assessment.objects.bulk_update(with_opinions, ["satisfaction_rate",
                                                       "satisfaction_source", "opinions_file"])
        counts = Counter(a.state for a in assessments)
        self.season.rows.update({"assessment values": len(values), "procedure steps": len(steps)})
        return (f"{len(criteria)} criteria, {len(assessments)} dossiers "
                f"({', '.join(f'{n} {s}' for s, n in counts.most_common())}), "
                f"{len(values):,} values")

    def _failing_answer(self, criterion: Any) -> str:
        from assessments.models import Criterion

        kind, comparison = criterion.value_type, criterion.comparison
        target = criterion.target_number() or Decimal(0)
        if kind == Criterion.ValueType.YES_NO:
            return "no" if comparison != Criterion.Comparison.NONE else "yes"
        if kind in (Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE):
            if comparison == Criterion.Comparison.LTE:
                return str(target + 2)
            return str(max(target - 5, Decimal(0)))
        if kind == Criterion.ValueType.SCORE:
            return str((criterion.max_score / 2).quantize(Decimal("0.5")))
        if kind == Criterion.ValueType.CHOICE:
            others = [c for c in criterion.choice_list if c != criterion.target]
            return others[0] if others else (criterion.choice_list or [""])[0]
        return "Đang triển khai."

    # --- reports ----------------------------------------------------------------------

    def _reports(self) -> str:
        from accounts.models import Role
        from reports.consolidation import consolidated_draft
        from reports.models import Report, ReportingPeriod, ReportItem
        from reports.plan_services import plan_load
        from reports.services import period_open_regular

        K, RS, IS = ReportingPeriod.Kind, Report.State, ReportItem.Status
        rng, year = self.rng, self.year
        plan = plan_load(province_code=PROVINCE).plan
        self.season.plan_id = plan.pk
        half = period_open_regular(plan=plan, kind=K.HALF_YEAR, year=year)
        whole = period_open_regular(plan=plan, kind=K.YEAR, year=year)
        self.season.half_year_period_id, self.season.year_period_id = half.pk, whole.pk
        results = ("Đã ban hành kế hoạch triển khai và tổ chức thực hiện theo tiến độ.",
                   "Phối hợp với Công an phường tuyên truyền, vận động Nhân dân.",
                   "Đã bố trí kinh phí và hướng dẫn các đơn vị thực hiện.")
        reports, items = [], []
        due_time = {half.pk: datetime(year, 6, 15, 17, tzinfo=HANOI),
                    whole.pk: datetime(year, 12, 15, 17, tzinfo=HANOI)}
        # In id order, so that the same seed fills the same reports on either engine.
        for report in Report.objects.filter(period__in=[half, whole]).select_related(
                "agency").prefetch_related("items").order_by("pk"):
            reporter = self.people.get((Role.AGENCY_REPORTER, report.agency_id))
            if report.period_id == half.pk:
                state = rng.choices((RS.ACCEPTED, RS.SUBMITTED, RS.RETURNED, RS.DRAFT),
                                    weights=(80, 8, 4, 8))[0]
            else:  # due 15 December: part of the bodies have sent theirs
                state = rng.choices((RS.SUBMITTED, RS.ACCEPTED, RS.DRAFT), weights=(35, 10, 55))[0]
            filled = 1.0 if state != RS.DRAFT else rng.choice((0.0, 0.3, 0.7))
            for item in sorted(report.items.all(), key=lambda item: item.pk):
                if rng.random() < filled:
                    item.status = rng.choices((IS.DONE, IS.IN_PROGRESS, IS.BLOCKED),
                                              weights=(50, 45, 5))[0]
                    item.results = rng.choice(results)
                    item.difficulties = "Kinh phí còn hạn chế." if rng.random() < 0.2 else ""
                    items.append(item)
            report.state = state
            report.summary = f"{report.agency.name} báo cáo kết quả thực hiện kỳ {report.period}."
            if state != RS.DRAFT:
                late = timedelta(days=rng.randint(-20, 6 if report.period_id == half.pk else -3))
                report.submitted_at = min(due_time[report.period_id] + late, self.now)
                report.submitted_by = reporter
            if state in (RS.ACCEPTED, RS.RETURNED):
                report.reviewed_at = report.submitted_at + timedelta(days=3)
                report.reviewed_by = self.season.coordinator
                report.review_comment = ("Đề nghị bổ sung số liệu." if state == RS.RETURNED
                                         else "")
            reports.append(report)
        ReportItem.objects.bulk_update(items, ["status", "results", "difficulties"],
                                       batch_size=2000)
        Report.objects.bulk_update(reports, ["state", "summary", "submitted_at", "submitted_by",
                                             "reviewed_at", "reviewed_by", "review_comment"],
                                   batch_size=1000)
        consolidated_draft(period=half, actor=self.season.coordinator)
        self.season.rows.update({"reports": len(reports), "report items": len(items)})
        return (f"plan with {plan.tasks.count()} tasks, 2 periods, {len(reports)} reports, "
                f"{len(items):,} items filled")

    # --- facilities -------------------------------------------------------------------

    def _facilities(self) -> str:
        from facilities.models import (
            EquipmentItem,
            HeadquartersRecord,
            InventoryLine,
            InvestmentProject,
            ProcurementPlan,
        )

        HQ, P = HeadquartersRecord.Status, InvestmentProject
        rng, year = self.rng, self.year
        _quiet("load_sample_equipment")
        items = list(EquipmentItem.objects.order_by("order"))
        coordinator = self.season.coordinator
        records, projects, lines, plans = [], [], [], []
        for ward in self.season.wards:
            first = rng.choices((HQ.OWN, HQ.BORROWED_COMMITTEE, HQ.BORROWED_CITY, HQ.SHARED,
                                 HQ.NONE), weights=(35, 30, 15, 10, 10))[0]
            history = [(date(2024, 1, 1), first)]
            if first != HQ.OWN and rng.random() < 0.25:  # moved into its own since
                history.append((date(rng.choice((2025, year)), rng.randint(1, 11), 1), HQ.OWN))
            for valid_from, status in history:
                own = status == HQ.OWN
                records.append(HeadquartersRecord(
                    ward=ward, valid_from=valid_from, status=status,
                    land_area=Decimal(rng.randint(150, 900)) if status != HQ.NONE else None,
                    floor_area=Decimal(rng.randint(250, 1500)) if status != HQ.NONE else None,
                    storeys=rng.randint(2, 5) if status != HQ.NONE else None,
                    condition=(rng.choice(("good", "degraded", "seriously_degraded"))
                               if status != HQ.NONE else ""),
                    year_built=rng.randint(1985, 2024) if status != HQ.NONE else None,
                    households_inside=0 if own else rng.choice((0, 0, 0, 2)),
                    recorded_by=coordinator))
            if history[-1][1] != HQ.OWN:
                stage = rng.choice((P.Stage.PROPOSED, P.Stage.APPROVED,
                                    P.Stage.UNDER_CONSTRUCTION))
                approved = date(year, rng.randint(1, 10), 1) if stage != P.Stage.PROPOSED else None
                projects.append(InvestmentProject(
                    ward=ward, kind=rng.choice((P.Kind.NEW_BUILD, P.Kind.TRANSFER)),
                    title=f"Trụ sở Công an {ward.name}", budget_source="Ngân sách Thành phố",
                    estimated_cost=Decimal(rng.randint(15_000, 45_000)), stage=stage,
                    approved_on=approved,
                    expected_completion=date(rng.randint(year + 1, 2030), 6, 30),
                    created_by=coordinator))
            equipped = rng.random() < 0.35  # to norm already; the others short of a few items
            for item in items:
                short = 0 if equipped or rng.random() < 0.7 else rng.randint(1, 3)
                usable = max(item.norm_per_unit - short, 0)
                lines.append(InventoryLine(ward=ward, item=item, usable=usable,
                                           unusable=rng.choice((0, 0, 1)), updated_by=coordinator))
                gap = item.norm_per_unit - usable
                if gap > 0:
                    plans.append(ProcurementPlan(
                        ward=ward, item=item, year=rng.randint(year + 1, 2030), quantity=gap,
                        budget=Decimal(rng.randint(20, 400)), delivered=False))
        HeadquartersRecord.objects.bulk_create(records)
        InvestmentProject.objects.bulk_create(projects)
        InventoryLine.objects.bulk_create(lines, batch_size=2000)
        ProcurementPlan.objects.bulk_create(plans, batch_size=2000)
        return (f"{len(records)} headquarters records, {len(projects)} projects, "
                f"{len(lines):,} inventory lines, {len(plans)} procurement plans")

    # --- movement ---------------------------------------------------------------------

    def _movement(self) -> str:
        from accounts.models import Role
        from movement import services as movement
        from movement.models import (
            ModelReview,
            ModelType,
            MovementModel,
            SafetyAssessment,
            SafetyDecision,
            SafetyValue,
        )
        from movement.selectors import criteria_of
        from units.models import OrgUnit

        rng, year = self.rng, self.year
        group_set, commune_set = movement.standard_sets_load()
        movement.model_types_load()
        group_criteria = [c for c in criteria_of(group_set) if not c.is_computed]
        commune_criteria = [c for c in criteria_of(commune_set) if not c.is_computed]
        kinds = list(ModelType.objects.order_by("order"))
        wards = self.season.wards
        groups: dict[int, list[Any]] = {}
        for g in OrgUnit.objects.filter(parent__in=wards,
                                        kind=OrgUnit.Kind.RESIDENTIAL_GROUP).order_by("code"):
            groups.setdefault(g.parent_id, []).append(g)
        decided = [w for w in wards if rng.random() < 0.7]
        documents = dict(zip([w.pk for w in decided], self._attachments(
            [(f"quyet-dinh-tdp-{w.code}.pdf", w, self._user(Role.WARD_COMMITTEE, w))
             for w in decided]), strict=True))
        decisions = {d.ward_id: d for d in SafetyDecision.objects.bulk_create(
            SafetyDecision(ward=w, level=SafetyDecision.Level.GROUP, year=year,
                           number=f"{rng.randint(100, 999)}/QĐ-UBND",
                           signed_on=date(year, 12, 1), signer=f"Chủ tịch UBND {w.name}",
                           document=documents[w.pk],
                           recorded_by=self._user(Role.WARD_COMMITTEE, w)) for w in decided)}
        rows, figures = [], {"residential-groups": {}, "safe-residential-groups": {},
                             "effective-movement-models": {}}
        for w in wards:
            chief = self._user(Role.WARD_CHIEF, w)
            recognised = 0
            for g in groups[w.pk]:
                assessed = rng.random() < 0.9
                meets = assessed and rng.random() < 0.85
                decision = decisions.get(w.pk) if meets else None
                recognised += decision is not None
                rows.append(SafetyAssessment(
                    unit=g, ward=w, year=year, criteria_set=group_set,
                    registered_on=date(year, 1, 15), registered_by=chief,
                    assessed_at=datetime(year, 11, 20, 9, tzinfo=HANOI) if assessed else None,
                    assessed_by=chief if assessed else None,
                    meets=meets if assessed else None, decision=decision))
            rows.append(SafetyAssessment(unit=w, ward=w, year=year, criteria_set=commune_set,
                                         registered_on=date(year, 1, 15), registered_by=chief))
            figures["residential-groups"][w.pk] = len(groups[w.pk])
            figures["safe-residential-groups"][w.pk] = recognised
        rows = SafetyAssessment.objects.bulk_create(rows, batch_size=2000)
        values = []
        for a in rows:
            if a.assessed_at is None:
                continue
            for c in group_criteria:
                values.append(SafetyValue(assessment=a, criterion=c,
                                          value="yes" if a.meets or rng.random() < 0.7 else "no",
                                          evidence="Biên bản họp tổ dân phố"))
        for a in rows:
            if a.unit_id == a.ward_id:
                values.extend(SafetyValue(assessment=a, criterion=c, value="yes",
                                          evidence="Báo cáo tình hình ANTT năm")
                              for c in commune_criteria)
        SafetyValue.objects.bulk_create(values, batch_size=2000)
        models = MovementModel.objects.bulk_create(
            MovementModel(ward=w, type=kind, name=f"{kind.name} {w.name}",
                          started_on=date(year - rng.randint(0, 4), rng.randint(1, 12), 1),
                          participants=rng.randint(15, 120),
                          results="Góp phần phát hiện, ngăn chặn nhiều vụ việc.",
                          created_by=self._user(Role.WARD_CHIEF, w))
            for w in wards for kind in rng.sample(kinds, k=min(3, len(kinds))))
        reviews = ModelReview.objects.bulk_create(
            ModelReview(model=m, year=year,
                        verdict=rng.choices(ModelReview.Verdict.values, weights=(75, 20, 5))[0],
                        reviewed_by=m.created_by) for m in models)
        for r in reviews:
            if r.verdict == ModelReview.Verdict.EFFECTIVE:
                ward_id = r.model.ward_id
                figures["effective-movement-models"][ward_id] = (
                    figures["effective-movement-models"].get(ward_id, 0) + 1)
        figure_rows = self._year_figures(figures)
        return (f"{len(rows):,} registrations, {len(values):,} values, {len(decisions)} "
                f"decisions, {len(models)} models; {figure_rows} yearly indicator figures")

    # --- force ------------------------------------------------------------------------

    def _force(self) -> str:
        from accounts.models import Role
        from force import services as force
        from force.models import (
            Attendance,
            Commendation,
            Course,
            Discipline,
            ProgrammeReview,
            Staffing,
            TrainingPlan,
        )

        rng, year = self.rng, self.year
        coordinator = self.season.coordinator
        force.emulation_criteria_load()
        wards = self.season.wards
        staffing, figures = [], {"force-headcount": {}, "force-trained": {}}
        for w in wards:
            for y in (year - 1, year):
                headcount = rng.randint(22, 40)
                staffing.append(Staffing(
                    ward=w, year=y, establishment=headcount + rng.randint(0, 4),
                    headcount=headcount, leaders=min(4, headcount),
                    university=rng.randint(headcount // 2, headcount),
                    police_training=rng.randint(headcount // 2, headcount),
                    political_theory=rng.randint(0, headcount // 3),
                    foreign_language=rng.randint(0, headcount // 3),
                    it_skills=rng.randint(headcount // 3, headcount),
                    mass_mobilisation=rng.randint(headcount // 3, headcount),
                    living_in_ward=rng.randint(0, headcount // 2),
                    average_age=Decimal(rng.randint(300, 380)) / 10,
                    recorded_by=self._user(Role.WARD_CHIEF, w)))
            figures["force-headcount"][w.pk] = headcount
        Staffing.objects.bulk_create(staffing)
        plan = TrainingPlan.objects.create(
            province=self.season.province, year=year,
            title=f"Kế hoạch đào tạo, bồi dưỡng năm {year}", published_at=self.now,
            published_by=coordinator)
        S = Course.Subject
        courses = Course.objects.bulk_create(
            Course(plan=plan, title=title, subject=subject, starts_on=date(year, month, 5),
                   ends_on=date(year, month, 5) + timedelta(days=days),
                   organiser="Phòng Tổ chức cán bộ, Công an Thành phố",
                   places_per_ward=places)
            for title, subject, month, days, places in (
                ("Bồi dưỡng kỹ năng dân vận", S.MASS_MOBILISATION, 3, 3, 10),
                ("Tập huấn nghiệp vụ quản lý cư trú", S.PROFESSIONAL, 5, 5, 12),
                ("Bồi dưỡng tin học, chuyển đổi số", S.IT, 8, 30, 8),
                ("Bồi dưỡng lý luận chính trị", S.POLITICS, 10, 10, 6)))
        attendance = []
        for w in wards:
            trained_total = 0
            for course in courses:
                trained = rng.randint(course.places_per_ward // 2, course.places_per_ward)
                trained_total += trained
                attendance.append(Attendance(course=course, ward=w, trained=trained,
                                             passed=trained - rng.choice((0, 0, 1)),
                                             recorded_by=self._user(Role.WARD_CHIEF, w)))
            figures["force-trained"][w.pk] = trained_total
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        Discipline.objects.bulk_create(
            Discipline(ward=w, year=year, level=Discipline.Level.REPRIMAND,
                       violations=rng.randint(1, 2), officers=1,
                       recorded_by=self._user(Role.WARD_CHIEF, w))
            for w in wards if rng.random() < 0.15)
        C = Commendation
        commendations = []
        for w in wards:
            if rng.random() < 0.4:
                state = rng.choice(C.State.values)
                commendations.append(C(
                    proposer_unit=w, year=year, unit_name=f"Công an {w.name}",
                    person_name=rng.choice(("", "Nguyễn Văn An", "Lê Thị Bình")),
                    person_position="Thiếu tá, Phó Trưởng Công an phường",
                    award=rng.choice(C.Award.values),
                    achievement="Hoàn thành xuất sắc nhiệm vụ xây dựng phong trào.",
                    period_from=date(year, 1, 1), period_to=date(year, 12, 31), state=state,
                    proposed_by=self._user(Role.WARD_CHIEF, w),
                    decision_number=f"{rng.randint(100, 999)}/QĐ-CAHN"
                    if state == C.State.APPROVED else "",
                    decision_date=date(year, 11, 30) if state == C.State.APPROVED else None))
        Commendation.objects.bulk_create(commendations)
        ProgrammeReview.objects.create(
            province=self.season.province, kind=ProgrammeReview.Kind.INTERIM, year=year - 1,
            title=f"Sơ kết thực hiện Kế hoạch năm {year - 1}", held_on=date(year, 1, 15),
            lessons="Phát huy vai trò của Nhân dân.", created_by=coordinator)
        figure_rows = self._year_figures(figures)
        return (f"{len(staffing)} staffing rows, {len(courses)} courses, {len(attendance)} "
                f"attendance rows, {len(commendations)} commendations; {figure_rows} yearly "
                f"indicator figures")
