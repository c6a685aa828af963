"""Bench: a city's working day through gunicorn as deployed: p95 per page kind, errors and
lost writes under 50 concurrent users.

Self-contained. It builds a throwaway database (PostgreSQL by default, as production runs;
`--database sqlite` for the default install; bench/throwaway.py creates it and drops it
when the bench ends, even after a failure), fills it through the apps' services, then
serves the project with gunicorn the way the README's "Production deployment" does and
drives it with simulated users for a fixed time.

The city, built for the day the bench runs (any day of the year, 2024-2030, the sample
criteria set's years):
- Hà Nội from the official list (`load_units --province 01`: 126 wards and communes;
  `--wards` takes fewer), its agencies, the default indicators, the sample equipment
  catalogue and criteria set;
- 8 residential groups per ward (`--groups`), each ward's headquarters and equipment;
- this year's round, every ward registered, about 60 % of each dossier's entered criteria
  answered, the computed ones read from their sources;
- the twelve months of indicator figures before this one for every ward (totals rebuilt);
- this year's consultation in every ward, open today: from today (or 30/11) for a week,
  capped at 30 November, and after that through the city's recorded extension, as the
  programme's rule (consultations.models.consultation_last_day) wants; a few answers in;
- the plan and this year's reporting periods (the board shows the one due next).

The users (`--users`, split 1 : 2 : 2, so 10 / 20 / 20 of 50), each its own thread with its
own cookie jar and address (X-Forwarded-For from 127.0.0.1, a trusted proxy as the reverse
proxy is in production), thinking 1 to 5 s between requests (`--think MIN MAX`: a person
reads the page, types, chooses; `--think 0 0.2` makes it a stress test of capacity):
- city coordinators, two-factor verified (sessions written straight into the session store
  with the auth and django_otp keys, so login is not what is measured), open city pages at
  random: home (their worklist), the indicators dashboard, the consultations list, the
  round's results matrix, the reports board, the facilities roadmap;
- ward police officers, one ward each: either open their dossier and autosave one to three
  changed criteria as the page's HTMX does (X-CSRFToken from the page, the row's revision),
  or open last month's indicator form, change one to three figures (keeping "solved <=
  reported") and save it, following the redirect;
- residents, a new one each time (new cookie jar, new address): open a group's answer page
  /y/<token>/, answer, POST, follow the redirect to the thank-you page.

A probe beside them (not one of the users) fetches a static file through the same gunicorn
(WhiteNoise, before any view), one request at a time, every 100 ms at most: the floor, what
a request costs under the same load when the application does nothing - with sync workers,
mostly the wait for a free one. A request behind a slow page waits as long as it does.

The clock: `--warmup` seconds (default 5) of the same load first, unmeasured (every worker
compiles its templates and fills its caches), then `--seconds` measured. Latency is from
connect to the last byte of the response, by page kind; a redirect followed is its own
request. Errors: any status but the expected one (a 302 to the login page is an error),
timeouts, refused writes (a form put back with errors, a stale edit), counted over the
warm-up too.

Afterwards, gunicorn stopped, the database is checked: every answer accepted is stored once
with the answers sent and none stored that was refused or never sent; each ward officer's
last saved dossier values and explanations are what they sent, with one revision per
accepted save; each ward's month of figures is what it last saved; and the derived rows
moved by the same transactions agree with the rows they count (the answer and response
tallies, the indicators' province-month and ward-year totals). Any difference is a lost
write. A write whose answer never came (timeout) may or may not be there: either is
accepted, and it is already an error.

Metric: `value` is the worst p95 among the page kinds (not the overall p95, which the many
fast requests would flatter; it is printed too). `floor` is the static probe's p95 in the
same run; `ratio` is value / floor. ok: value < 500 ms, no error, no lost write.

gunicorn as the README deploys it: `gunicorn kieumau.wsgi --workers N`, default sync
workers, DJANGO_ENV=production (collectstatic into the temporary directory, manifest
storage, persistent connections, secure cookies; the client sends X-Forwarded-Proto: https
and Origin as the proxy and a browser would). `--workers` defaults to two per core, the
README's upper bound. The work is Python (the database's backends use about a sixth of
gunicorn's CPU), so at 50 users both choices saturate the cores alike: one and two per
core measured the same (53 requests/s, worst p95 1.4 s, on a quiet 2-core machine); two
leave a quick request less likely to queue behind a slow page.

The clients are Python threads on the same machine (raw sockets, regular expressions rather
than an HTML parser: 1 to 2 % of the CPU). The table ends with where the CPU went during
the measure (the machine, gunicorn, the database's backends, the clients, and the rest:
other jobs): on a shared machine the figures say as much about the neighbours as about the
code, so read them with that line, and run it a few times. The last line is one JSON object:
    .venv/bin/python bench/mixed_load.py [--database postgres|sqlite] [--users 50]
        [--seconds 60] [--warmup 5] [--workers N] [--wards 126] [--groups 8] [--seed 2026]
        [--think 1 5]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

# Run as bench/<name>.py, the script's own directory comes first on sys.path.
from serving import exchange, free_port, stop_gunicorn
from throwaway import add_database_argument, django_on_throwaway, engine_label

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PROVINCE = "01"
TARGET_MS = 500.0
# Seconds a user waits between two requests, uniform between the two (--think): a person
# reads a page, types a figure, chooses an answer. 0 0.2 turns the users into a stress
# test of the server's capacity (it saturates two cores at about 50 requests/s).
THINK = (1.0, 5.0)
PROBE_EVERY = 0.1          # seconds between two floor requests
REQUEST_TIMEOUT = 30.0     # seconds for one HTTP exchange (gunicorn's own worker timeout)
STARTUP_TIMEOUT = 60.0     # seconds for gunicorn to answer
FILL_SHARE = 0.6           # share of a dossier's entered criteria answered before the run
COMMENTS = ["Công an phường làm việc tận tình.", "Cần tuần tra buổi tối nhiều hơn.",
            "Xử lý lấn chiếm vỉa hè chưa triệt để.", ""]

FLOOR = "floor: static file"
DOSSIER_GET = "ward: dossier (GET)"
DOSSIER_POST = "ward: dossier autosave (POST)"
ENTRY_GET = "ward: indicator month (GET)"
ENTRY_POST = "ward: indicator month (POST)"
ANSWER_GET = "resident: answer page (GET)"
ANSWER_POST = "resident: answer (POST)"
THANKS_GET = "resident: thanks (GET)"


class BenchFailed(Exception):
    pass


# --- The city ---------------------------------------------------------------------------

@dataclass
class CriterionInfo:
    pk: int
    code: str
    kind: str
    max_score: Decimal
    choices: list[str]


@dataclass
class Saved:
    """A dossier value as its ward officer last knows it."""

    value: str
    explanation: str
    revision: int


@dataclass
class Desk:
    """One ward officer: their session, ward, dossier and indicator form."""

    session: str
    address: str
    ward_code: str
    assessment_pk: int
    dossier_path: str
    entry_path: str
    saves: dict[int, str]          # criterion pk -> its autosave URL
    values: dict[int, Saved]       # criterion pk -> what the officer knows is saved
    revisions: dict[int, int]      # criterion pk -> its revision before the run


@dataclass
class Fixture:
    year: int
    month: date
    city_pages: list[tuple[str, str]]   # (page kind, path)
    coordinator_sessions: list[str]
    desks: list[Desk]
    criteria: dict[int, CriterionInfo]
    indicator_codes: list[str]          # the typed monthly indicators, form order
    ceilings: dict[str, str]            # indicator code -> the code it may not exceed
    links: list[str]                    # the answer pages, /y/<token>/
    ratings: list[str]
    texts: list[str]
    seeded_nonces: set[str]
    static_path: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _quiet(command: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(command, stdout=io.StringIO(), stderr=io.StringIO(), **options)


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _sample_value(criterion: CriterionInfo, rng: random.Random, before: str, n: int) -> str:
    """A valid typed value for the criterion, different from `before` when it can be."""
    for _ in range(8):
        if criterion.kind == "yes_no":
            value = "no" if before == "yes" else "yes"
        elif criterion.kind == "percentage":
            whole = rng.randint(40, 99)
            value = f"{whole},5" if rng.random() < 0.3 else str(whole + rng.randint(0, 1))
        elif criterion.kind == "number":
            value = str(rng.randint(0, 40))
        elif criterion.kind == "score":
            value = str(rng.randint(0, max(int(criterion.max_score), 1)))
        elif criterion.kind == "choice" and criterion.choices:
            value = rng.choice(criterion.choices)
        else:
            value = f"Đã triển khai theo kế hoạch, cập nhật lần {n}."
        if value.replace(",", ".") != before:
            return value
    return value


def _populate(args: argparse.Namespace, rng: random.Random) -> Fixture:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.middleware import SESSION_STARTED_KEY
    from accounts.models import Role, RoleAssignment, User
    from assessments import services as assessments
    from assessments.criteria_services import criteria_set_load_sample
    from assessments.models import Assessment, AssessmentValue, Criterion
    from consultations import services as consultations
    from consultations.models import GroupLink, Question, consultation_last_day
    from facilities.equipment_services import LineInput, inventory_update
    from facilities.headquarters_services import headquarters_record
    from facilities.models import EquipmentItem
    from indicators.models import IndicatorDefinition, IndicatorValue
    from indicators.services import totals_rebuild
    from reports.models import ReportingPeriod
    from reports.plan_services import plan_load
    from reports.services import periods_ensure
    from units.models import OrgUnit

    today = timezone.localdate()
    year = today.year
    for command, options in (("load_units", {"province": PROVINCE}),
                             ("load_agencies", {"province": PROVINCE}),
                             ("load_indicators", {}), ("load_sample_equipment", {})):
        _quiet(command, **options)
    criteria_set, _created = criteria_set_load_sample()
    province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code=PROVINCE,
                                   valid_to__isnull=True)
    wards = list(OrgUnit.objects.filter(province=province, kind__in=OrgUnit.COMMUNE_LEVEL,
                                        valid_to__isnull=True).order_by("code"))[:args.wards]
    setup = User.objects.create(username="bench.setup", full_name="Bench setup")
    RoleAssignment.objects.create(user=setup, role=Role.CITY_COORDINATOR, org_unit=province)

    # Residential groups (bulk: the denormalised province and commune set as save() would).
    OrgUnit.objects.bulk_create(
        OrgUnit(kind=OrgUnit.Kind.RESIDENTIAL_GROUP, code=f"TDP{n:02d}",
                name=f"Tổ dân phố số {n}", parent=ward, province_id=province.pk,
                commune_id=ward.pk, households=80 + (n * 37 + i) % 140)
        for i, ward in enumerate(wards) for n in range(1, args.groups + 1))

    # Headquarters and equipment: three situations in turn; equipment a little short.
    situations: list[dict[str, Any]] = [
        {"status": "own", "land_area": Decimal(450), "floor_area": Decimal(900), "storeys": 3,
         "condition": "good", "year_built": 2018},
        {"status": "borrowed_committee", "land_area": Decimal(180), "floor_area": Decimal(320),
         "storeys": 2, "condition": "degraded", "year_built": 1995},
        {"status": "none"},
    ]
    items = list(EquipmentItem.objects.order_by("order"))
    for i, ward in enumerate(wards):
        headquarters_record(actor=setup, ward=ward, valid_from=today, **situations[i % 3])
        inventory_update(actor=setup, ward=ward, lines=[
            LineInput(item=item, usable=max(item.norm_per_unit - (k + i) % 3, 0), unusable=0)
            for k, item in enumerate(items)])

    # Indicators: the twelve months before this one, every ward ("solved <= reported").
    this_month = today.replace(day=1)
    month = _months_before(this_month, 1)
    typed = [d for d in IndicatorDefinition.objects.select_related("not_above")
             .filter(is_active=True).order_by("order")
             if not d.is_computed and not d.filled_by]
    rows = []
    for i, ward in enumerate(wards):
        for back in range(12, 0, -1):
            day = _months_before(this_month, back)
            figures: dict[str, int] = {}
            for definition in sorted(typed, key=lambda d: d.not_above_id is not None):
                value = (i * 7 + day.month * 3 + definition.pk * 5) % 17 + rng.randint(0, 5)
                if definition.not_above is not None:
                    value = min(value, figures.get(definition.not_above.code, value))
                figures[definition.code] = value
                rows.append(IndicatorValue(indicator=definition, ward=ward, month=day,
                                           value=Decimal(value)))
    IndicatorValue.objects.bulk_create(rows, batch_size=5000)
    totals_rebuild()
    monthly = [d for d in typed if d.period_type == IndicatorDefinition.PeriodType.MONTH]

    # This year's round: every ward registered, part of each dossier answered.
    round_ = assessments.round_open(
        actor=setup, province=province, year=year, criteria_set=criteria_set,
        registration_deadline=max(date(year, 3, 31), today),
        submission_deadline=max(date(year, 12, 10), today))
    for ward in wards:
        assessments.registration_create(actor=setup, round=round_, ward=ward)
    criteria = list(Criterion.objects.filter(criteria_set=criteria_set))
    parents = {c.parent_id for c in criteria if c.parent_id}
    leaves = [c for c in criteria if c.pk not in parents and not c.is_computed]
    info = {c.pk: CriterionInfo(c.pk, c.code, c.value_type, c.max_score, c.choice_list)
            for c in leaves}
    for assessment in Assessment.objects.filter(round=round_).select_related("criteria_set"):
        with transaction.atomic():
            values = {v.criterion_id: v for v in assessment.values.all()}
            changed = []
            for criterion in leaves:
                if rng.random() < FILL_SHARE:
                    value = values[criterion.pk]
                    value.value = assessments.parse_value(
                        criterion, _sample_value(info[criterion.pk], rng, "", 0))
                    judgement = criterion.evaluate(value.value)
                    value.met, value.score = judgement.met, judgement.score
                    changed.append(value)
            AssessmentValue.objects.bulk_update(changed, ["value", "met", "score"])
            assessments.assessment_recompute(assessment=assessment)
        assessments.assessment_sources_refresh(actor=None, assessment=assessment)

    # The consultation of every ward, open today whatever the date (see the docstring).
    last_day = consultation_last_day(year)
    week = today + timedelta(days=7)
    seeded: set[str] = set()
    for ward in wards:
        campaign = consultations.campaign_create(
            actor=setup, ward=ward, year=year, opens_on=min(today, last_day),
            closes_on=min(week, last_day))
        if today > last_day or week > last_day:
            consultations.campaign_extend(
                actor=setup, campaign=campaign, closes_on=min(week, date(year, 12, 31)),
                reason="Bench: answers after 30 November need the city's extension.")
        links = list(campaign.links.select_related("group"))
        for _ in range(rng.randint(2, 6)):
            nonce = secrets.token_urlsafe(24)
            consultations.response_submit(
                campaign=campaign, group=rng.choice(links).group, nonce=nonce,
                raw_answers={"q-overall": str(rng.choice([5, 5, 4, 4, 3])),
                             "q-conduct": str(rng.randint(3, 5))})
            seeded.add(nonce)

    # The plan and this year's periods; the board shows the one due next.
    plan_load(province_code=PROVINCE)
    periods_ensure(today=today)
    periods = list(ReportingPeriod.objects.filter(plan__province=province, year=year)
                   .exclude(kind=ReportingPeriod.Kind.AD_HOC).order_by("due_date"))
    period = next((p for p in periods if p.due_date >= today), periods[-1])

    # The users and their sessions (auth, the verified device, the login time).
    def session(user: User, device: TOTPDevice | None) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SESSION_STARTED_KEY] = time.time()
        if device is not None:
            store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.save()
        assert store.session_key is not None
        return store.session_key

    coordinators, officers, _residents = _split(args.users)
    if officers > len(wards):
        raise BenchFailed(f"{officers} ward officers need as many wards; there are "
                          f"{len(wards)} (--wards)")
    coordinator_sessions = []
    for n in range(coordinators):
        user = User.objects.create(username=f"bench.dieuphoi{n}", full_name=f"Điều phối {n}")
        RoleAssignment.objects.create(user=user, role=Role.CITY_COORDINATOR, org_unit=province)
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        coordinator_sessions.append(session(user, device))
    desks = []
    for n, ward in enumerate(rng.sample(wards, officers)):
        user = User.objects.create(username=f"bench.canbo{n}", full_name=f"Cán bộ {n}")
        RoleAssignment.objects.create(user=user, role=Role.WARD_OFFICER, org_unit=ward)
        assessment = Assessment.objects.get(round=round_, ward=ward)
        stored = {v.criterion_id: v for v in assessment.values.all()}
        desks.append(Desk(
            session=session(user, None), address=f"172.16.{n // 250}.{n % 250 + 1}",
            ward_code=ward.code, assessment_pk=assessment.pk,
            dossier_path=reverse("assessments:detail", args=[assessment.pk]),
            entry_path=reverse("indicators:entry", args=[ward.code]) + f"?month={month:%Y-%m}",
            saves={pk: reverse("assessments:save_value", args=[assessment.pk, pk])
                   for pk in info},
            values={pk: Saved(stored[pk].value, stored[pk].explanation, stored[pk].revision)
                    for pk in info},
            revisions={pk: stored[pk].revision for pk in info},
        ))

    questions = list(Question.objects.filter(campaign__ward=wards[0], campaign__year=year)
                     .order_by("-is_overall", "order"))
    return Fixture(
        year=year, month=month,
        city_pages=[
            ("city: home", reverse("portal:home")),
            ("city: indicators dashboard", reverse("indicators:dashboard")),
            ("city: consultations list", reverse("consultations:list")),
            ("city: results matrix", reverse("assessments:matrix", args=[year])),
            ("city: reports board", reverse("reports:board", args=[period.pk])),
            ("city: facilities roadmap", reverse("facilities:roadmap")),
        ],
        coordinator_sessions=coordinator_sessions, desks=desks, criteria=info,
        indicator_codes=[d.code for d in monthly],
        ceilings={d.code: d.not_above.code for d in monthly if d.not_above is not None},
        links=[reverse("answer:group", args=[t]) for t in GroupLink.objects.filter(
            campaign__year=year).values_list("token", flat=True)],
        ratings=[q.code for q in questions if q.kind == Question.Kind.RATING],
        texts=[q.code for q in questions if q.kind == Question.Kind.TEXT],
        seeded_nonces=seeded,
        counts={"wards": len(wards), "groups": len(wards) * args.groups,
                "indicator values": len(rows), "criteria": len(criteria)},
    )


def _split(users: int) -> tuple[int, int, int]:
    """Coordinators, ward officers, residents: 1 : 2 : 2, each at least one."""
    coordinators = max(1, round(users / 5))
    officers = max(1, round(users * 2 / 5))
    return coordinators, officers, max(1, users - coordinators - officers)


# --- gunicorn as deployed ---------------------------------------------------------------

def _production_env(tmp: Path, url: str, secret: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kieumau.settings", "DJANGO_ENV": "production",
        "SECRET_KEY": secret, "ALLOWED_HOSTS": HOST, "DATABASE_URL": url,
        "KIEUMAU_VAR_DIR": str(tmp), "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"), "TRUSTED_PROXIES": HOST,
        # Nothing leaves the machine, should a page send mail.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def _collectstatic(env: dict[str, str]) -> str:
    """collectstatic as the README's step 3; the hashed name of the floor's file."""
    done = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic",
                           "--noinput", "-v", "0"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    if done.returncode:
        raise BenchFailed("collectstatic failed:\n" + done.stderr[-3000:])
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["core/app.css"]


def _start_gunicorn(tmp: Path, port: int, workers: int, env: dict[str, str]
                    ) -> subprocess.Popen:
    log = (tmp / "gunicorn.log").open("wb")
    command = [str(ROOT / ".venv/bin/gunicorn"), "kieumau.wsgi", "--chdir", str(ROOT),
               "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--error-logfile", "-", "--log-level", "warning"]
    # Its own process group, so stopping it also stops its workers and nothing else.
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_until_up(server: subprocess.Popen, port: int, tmp: Path, path: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchFailed("gunicorn exited:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
        try:
            reply = _exchange(port, _request("GET", path, port, {}, HOST), timeout=2)
            if reply.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchFailed(f"gunicorn did not serve {path} within {STARTUP_TIMEOUT:.0f} s")


# --- HTTP, lean: the clients share the CPU with the server they measure -------------------

@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]
    set_cookies: list[str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        parts = urlsplit(self.headers.get("location", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _request(method: str, path: str, port: int, cookies: dict[str, str], address: str,
             body: bytes = b"", headers: tuple[str, ...] = ()) -> bytes:
    # As the reverse proxy in front of production forwards it: the client's address and
    # the scheme; as a browser sends it: the language and, on a POST, the Origin.
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close",
             "User-Agent: kieumau-mixed-load", "Accept-Language: vi",
             f"X-Forwarded-For: {address}", "X-Forwarded-Proto: https", *headers]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if method == "POST":
        lines += [f"Origin: https://{HOST}:{port}",
                  "Content-Type: application/x-www-form-urlencoded",
                  f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def _exchange(port: int, raw: bytes, timeout: float = REQUEST_TIMEOUT) -> Reply:
    status, pairs, body = exchange(HOST, port, raw, timeout)
    headers = {name: value for name, value in pairs if name != "set-cookie"}
    cookies = [value for name, value in pairs if name == "set-cookie"]
    return Reply(status=status, body=body, headers=headers, set_cookies=cookies)


@dataclass
class Sample:
    kind: str
    started: float   # time.monotonic() at the start
    ms: float
    error: str       # "" when the request did what it should


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.examples: dict[str, str] = {}

    def add(self, kind: str, started: float, ms: float, error: str, detail: str = "") -> None:
        self.samples.append(Sample(kind, started, ms, error))
        if error:
            self.examples.setdefault(f"{kind}: {error}", detail[:300])


Verdict = Callable[[Reply], str]


class Browser:
    """One person's browser: a cookie jar, an address, requests timed and judged."""

    def __init__(self, port: int, address: str, recorder: Recorder,
                 cookies: dict[str, str] | None = None) -> None:
        self.port, self.address, self.recorder = port, address, recorder
        self.cookies = dict(cookies or {})

    def send(self, kind: str, method: str, path: str, verdict: Verdict,
             form: dict[str, str] | None = None, headers: tuple[str, ...] = ()
             ) -> Reply | None:
        body = urlencode(form).encode() if form is not None else b""
        raw = _request(method, path, self.port, self.cookies, self.address, body, headers)
        started = time.monotonic()
        began = time.perf_counter()
        try:
            reply = _exchange(self.port, raw)
        except (OSError, ValueError, IndexError) as error:
            ms = (time.perf_counter() - began) * 1000
            self.recorder.add(kind, started, ms, type(error).__name__, f"{path}: {error!r}")
            return None
        ms = (time.perf_counter() - began) * 1000
        for header in reply.set_cookies:
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value.strip().strip('"')
            else:
                self.cookies.pop(name.strip(), None)
        problem = verdict(reply)
        detail = f"{path} -> {reply.status} {reply.location} {_errors_in(reply)}" \
            if problem else ""
        self.recorder.add(kind, started, ms, problem, detail)
        return reply


_INPUT = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'([^\s=/>]+)(?:\s*=\s*"([^"]*)")?')
_ERRORLIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _inputs(text: str) -> list[dict[str, str]]:
    return [{name.lower(): html.unescape(value or "") for name, value in _ATTR.findall(attrs)}
            for attrs in _INPUT.findall(text)]


def _errors_in(reply: Reply) -> str:
    if reply.status != 200 or b"errorlist" not in reply.body:
        return ""
    found = _ERRORLIST.search(reply.text)
    return " ".join(html.unescape(_TAG.sub(" ", found.group(1))).split()) if found else ""


def _page(reply: Reply) -> str:
    if reply.status == 200:
        return ""
    if reply.status in (301, 302, 303) and "/accounts/" in reply.location:
        return f"{reply.status} to the login or two-factor page"
    return f"HTTP {reply.status}"


def _autosaved(reply: Reply) -> str:
    # Saved: HTMX is told to swap nothing (only the computed parts travel out of band);
    # refused: the row comes back with its errors or the value someone saved meanwhile.
    if reply.status == 200 and reply.headers.get("hx-reswap") == "none":
        return ""
    return "refused (row sent back)" if reply.status == 200 else _page(reply) or "HTTP 200?"


def _month_saved(reply: Reply) -> str:
    if reply.status == 302 and "month=" in reply.location:
        return ""
    return "refused (form sent back)" if reply.status == 200 else _page(reply)


def _answer_stored(reply: Reply) -> str:
    if reply.status in (302, 303) and reply.location.rstrip("/").endswith("/thanks"):
        return ""
    return "refused" if reply.status == 200 else _page(reply)


def _answer_form(reply: Reply) -> str:
    return _page(reply) or ("" if b'name="nonce"' in reply.body else "no nonce in the form")


# --- What was sent and what the server said -------------------------------------------------

@dataclass
class Ledger:
    """Every write sent, with the server's verdict: True stored, False refused, None unknown
    (no answer). Each key is written by one thread only."""

    dossier: dict[tuple[int, int], list[tuple[str, str, bool | None]]] = field(
        default_factory=lambda: defaultdict(list))
    figures: dict[str, list[tuple[dict[str, str], bool | None]]] = field(
        default_factory=lambda: defaultdict(list))
    answers: dict[str, tuple[dict[str, str], bool | None]] = field(default_factory=dict)


def _verdict(reply: Reply | None, stored: Verdict) -> bool | None:
    if reply is None or reply.status >= 500:
        return None
    return stored(reply) == ""


# --- The users ----------------------------------------------------------------------------

@dataclass
class Clock:
    stop_at: float = 0.0

    def running(self) -> bool:
        return time.monotonic() < self.stop_at


def _think(rng: random.Random) -> None:
    time.sleep(rng.uniform(*THINK))


def _coordinator(port: int, fx: Fixture, session: str, n: int, rec: Recorder,
                 clock: Clock, rng: random.Random) -> None:
    browser = Browser(port, f"172.17.{n // 250}.{n % 250 + 1}", rec, {"sessionid": session})
    while clock.running():
        kind, path = rng.choice(fx.city_pages)
        browser.send(kind, "GET", path, _page)
        _think(rng)


def _new_figures(current: dict[str, str], fx: Fixture, rng: random.Random) -> dict[str, str]:
    """One to three figures changed, "solved <= reported" kept (checked against the batch)."""
    figures = dict(current)

    def number(code: str) -> int | None:
        text = (figures.get(code) or "").strip()
        return int(Decimal(text.replace(",", "."))) if text else None

    for code in rng.sample(fx.indicator_codes, k=rng.randint(1, 3)):
        parent = fx.ceilings.get(code)
        low = max((number(c) or 0 for c, p in fx.ceilings.items() if p == code), default=0)
        ceiling = number(parent) if parent else None
        high = ceiling if ceiling is not None else low + 40
        old = number(code)
        choices = [v for v in range(low, high + 1) if v != old]
        if choices:
            figures[code] = str(rng.choice(choices))
    return figures


def _officer(port: int, fx: Fixture, desk: Desk, rec: Recorder, ledger: Ledger,
             clock: Clock, rng: random.Random) -> None:
    browser = Browser(port, desk.address, rec, {"sessionid": desk.session})
    edits = 0
    while clock.running():
        if rng.random() < 0.5:
            # The dossier: open it, autosave one to three rows as the page's HTMX does.
            reply = browser.send(DOSSIER_GET, "GET", desk.dossier_path, _page)
            _think(rng)
            if reply is None or reply.status != 200:
                continue
            token = _CSRF_HEADER.search(reply.text)
            revisions = {int(i["id"][1:-len("-revision")]): int(i.get("value") or 0)
                         for i in _inputs(reply.text)
                         if i.get("name") == "revision" and i.get("id", "").startswith("c")}
            for _ in range(rng.randint(1, 3)):
                if not clock.running():
                    break
                pk = rng.choice(list(desk.values))
                known = desk.values[pk]
                edits += 1
                value = _sample_value(fx.criteria[pk], rng, known.value, edits)
                # The row's explanation goes with its value (the form includes it): the
                # one shown, or now and then a new one.
                explanation = (f"Theo báo cáo lần {edits}." if rng.random() < 0.3
                               else known.explanation)
                revision = revisions.get(pk, known.revision)
                form = {"value": value, "explanation": explanation, "revision": str(revision)}
                headers = ("HX-Request: true", f"HX-Trigger: c{pk}-value",
                           f"HX-Current-URL: https://{HOST}:{port}{desk.dossier_path}",
                           f"X-CSRFToken: {token.group(1) if token else ''}")
                saved = browser.send(DOSSIER_POST, "POST", desk.saves[pk], _autosaved,
                                     form, headers)
                outcome = _verdict(saved, _autosaved)
                ledger.dossier[(desk.assessment_pk, pk)].append((value, explanation, outcome))
                if outcome:
                    desk.values[pk] = Saved(value, explanation, revision + 1)
                    revisions[pk] = revision + 1
                else:
                    revisions.pop(pk, None)  # read again on the next visit
                _think(rng)
        else:
            # Last month's figures: open the form, change a few, save, follow the redirect.
            reply = browser.send(ENTRY_GET, "GET", desk.entry_path, _page)
            _think(rng)
            if reply is None or reply.status != 200 or not clock.running():
                continue
            fields = {i["name"]: i.get("value", "") for i in _inputs(reply.text)
                      if i.get("name") in fx.indicator_codes or
                      i.get("name") == "csrfmiddlewaretoken"}
            missing = [c for c in fx.indicator_codes if c not in fields]
            if missing:
                rec.add(ENTRY_GET, time.monotonic(), 0.0, "fields missing", ", ".join(missing))
                continue
            figures = _new_figures({c: fields[c] for c in fx.indicator_codes}, fx, rng)
            form = {"csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""), **figures}
            saved = browser.send(ENTRY_POST, "POST", desk.entry_path, _month_saved, form)
            outcome = _verdict(saved, _month_saved)
            ledger.figures[desk.ward_code].append((figures, outcome))
            if saved is not None and outcome:
                browser.send(ENTRY_GET, "GET", saved.location, _page)
            _think(rng)


def _resident(port: int, fx: Fixture, rec: Recorder, ledger: Ledger, clock: Clock,
              rng: random.Random) -> None:
    while clock.running():
        # A new resident each time: their own phone, address and cookie jar.
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        browser = Browser(port, address, rec)
        path = rng.choice(fx.links)
        reply = browser.send(ANSWER_GET, "GET", path, _answer_form)
        if reply is None or _answer_form(reply):
            _think(rng)
            continue
        hidden = {i["name"]: i.get("value", "") for i in _inputs(reply.text)
                  if i.get("type") == "hidden" and i.get("name")}
        answers = {f"q-{fx.ratings[0]}": str(rng.choice([5, 5, 5, 4, 4, 3, 2, 1]))}
        for code in fx.ratings[1:]:
            if rng.random() < 0.7:
                answers[f"q-{code}"] = str(rng.randint(1, 5))
        for code in fx.texts:
            if rng.random() < 0.2 and (comment := rng.choice(COMMENTS)):
                answers[f"q-{code}"] = comment
        _think(rng)
        if not clock.running():
            break
        sent = browser.send(ANSWER_POST, "POST", path, _answer_stored, {**hidden, **answers})
        outcome = _verdict(sent, _answer_stored)
        ledger.answers[hidden.get("nonce", "")] = (answers, outcome)
        if sent is not None and outcome:
            browser.send(THANKS_GET, "GET", sent.location, _page)
        _think(rng)


def _probe(port: int, path: str, rec: Recorder, clock: Clock) -> None:
    browser = Browser(port, "172.18.0.1", rec)
    tick = time.monotonic()
    while clock.running():
        browser.send(FLOOR, "GET", path, _page)
        now = time.monotonic()
        tick = max(tick + PROBE_EVERY, now)  # one at a time, never a burst
        time.sleep(tick - now)


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a process so far, None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _database_backends() -> dict[int, float]:
    """CPU so far of the PostgreSQL backends serving the bench's database (not this one)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                       " AND pid <> pg_backend_pid()")
        pids = [row[0] for row in cursor.fetchall()]
    return {pid: cpu for pid in pids if (cpu := _proc_cpu(pid)) is not None}


def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - ticks[3] - ticks[4]) / tick, sum(ticks) / tick  # idle, iowait


@dataclass
class Cpu:
    """CPU seconds used during the measure: the machine's busy and total time, gunicorn's
    (master and workers), the PostgreSQL backends' serving the bench's database (sampled
    twice a second: persistent connections are renewed every minute), this process's (the
    clients)."""

    busy: float = 0.0
    total: float = 0.0
    server: float = 0.0
    database: float = 0.0
    clients: float = 0.0


class Meter:
    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.start_backends = _database_backends()
        self.last_backends = dict(self.start_backends)
        self.start_machine = _machine()
        self.start_server = self._server()
        self.start_clients = time.process_time()

    def _server(self) -> float:
        pids = [self.server_pid]
        try:
            children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children")
            pids += [int(p) for p in children.read_text().split()]
        except OSError:
            pass
        return sum(_proc_cpu(pid) or 0.0 for pid in pids)

    def sample(self) -> None:
        self.last_backends.update(_database_backends())

    def result(self) -> Cpu:
        self.sample()
        busy, total = _machine()
        database = sum(cpu - self.start_backends.get(pid, 0.0)
                       for pid, cpu in self.last_backends.items())
        return Cpu(busy=busy - self.start_machine[0], total=total - self.start_machine[1],
                   server=self._server() - self.start_server, database=database,
                   clients=time.process_time() - self.start_clients)


def _drive(port: int, fx: Fixture, args: argparse.Namespace, rec: Recorder,
           ledger: Ledger, server_pid: int) -> tuple[float, Cpu]:
    """Run every user and the probe; returns the monotonic time the measure starts and the
    CPU used during the measure."""
    residents = _split(args.users)[2]
    clock = Clock()
    seed = random.Random(args.seed + 1)
    jobs: list[Callable[[], None]] = []
    for n, session in enumerate(fx.coordinator_sessions):
        rng = random.Random(seed.random())
        jobs.append(lambda s=session, n=n, r=rng: _coordinator(port, fx, s, n, rec, clock, r))
    for desk in fx.desks:
        rng = random.Random(seed.random())
        jobs.append(lambda d=desk, r=rng: _officer(port, fx, d, rec, ledger, clock, r))
    for _ in range(residents):
        rng = random.Random(seed.random())
        jobs.append(lambda r=rng: _resident(port, fx, rec, ledger, clock, r))
    start = threading.Barrier(len(jobs) + 2)

    def run(job: Callable[[], None], delay: float) -> None:
        start.wait()
        time.sleep(delay)  # not all at the same instant
        try:
            job()
        except Exception as error:  # a client's own bug: an error, shown
            rec.add("client", time.monotonic(), 0.0, f"client crashed: {error!r}")

    threads = [threading.Thread(target=run, args=(job, seed.uniform(0, THINK[1])),
                                daemon=True) for job in jobs]
    threads.append(threading.Thread(target=run, args=(
        lambda: _probe(port, fx.static_path, rec, clock), 0.0), daemon=True))
    for thread in threads:
        thread.start()
    began = time.monotonic()
    clock.stop_at = began + args.warmup + args.seconds
    start.wait()
    time.sleep(max(began + args.warmup - time.monotonic(), 0))
    meter = Meter(server_pid)
    while clock.running():
        time.sleep(min(0.5, max(clock.stop_at - time.monotonic(), 0)))
        meter.sample()
    used = meter.result()
    from django.db import connection

    connection.close()
    for thread in threads:
        thread.join(timeout=max(clock.stop_at - time.monotonic(), 0) + REQUEST_TIMEOUT + 10)
    if any(thread.is_alive() for thread in threads):
        raise BenchFailed("clients still running long after the end of the run")
    return began + args.warmup, used


# --- Checks in the database -------------------------------------------------------------

@dataclass
class Checks:
    answers_accepted: int = 0
    answers_lost: int = 0          # accepted, not stored (or stored with other answers)
    answers_unexpected: int = 0    # stored though refused, or never sent
    answers_double: int = 0
    values_saved: int = 0
    values_lost: int = 0           # the last saved value, explanation or revision not there
    months_saved: int = 0
    months_lost: int = 0           # the last saved month of figures not there
    tallies_off: int = 0           # consultation tallies differing from the rows they count
    totals_off: int = 0            # indicator totals differing from the values they sum
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return (self.answers_lost + self.answers_unexpected + self.answers_double
                + self.values_lost + self.months_lost + self.tallies_off + self.totals_off)


def _derived_off() -> tuple[int, int]:
    """(tally cells, total cells) that differ from a fresh count of the rows below them."""
    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractYear

    from consultations.models import Answer, AnswerTally, Response, ResponseTally
    from indicators.models import IndicatorValue, ProvinceMonthTotal, WardYearTotal

    def differ(stored: dict[Any, Any], fresh: dict[Any, Any]) -> int:
        def some(v: Any) -> bool:  # a zero count or total is the same as no row
            return bool(v) and v != (0, 0)

        keys = {k for k, v in stored.items() if some(v)} | {k for k, v in fresh.items() if some(v)}
        return sum(1 for k in keys if stored.get(k) != fresh.get(k))

    tallies = differ(
        {(c, g, ch): n for c, g, ch, n in ResponseTally.objects.values_list(
            "campaign_id", "group_id", "channel", "n")},
        {(r["campaign_id"], r["group_id"], r["channel"]): r["n"] for r in Response.objects
         .values("campaign_id", "group_id", "channel").annotate(n=Count("pk"))})
    tallies += differ(
        {(c, g, ch, q, r): n for c, g, ch, q, r, n in AnswerTally.objects.values_list(
            "campaign_id", "group_id", "channel", "question_id", "rating", "n")},
        {(r["response__campaign_id"], r["response__group_id"], r["response__channel"],
          r["question_id"], r["rating"]): r["n"]
         for r in Answer.objects.filter(rating__isnull=False).values(
             "response__campaign_id", "response__group_id", "response__channel",
             "question_id", "rating").annotate(n=Count("pk"))})
    totals = differ(
        {(i, p, m): (t, n) for i, p, m, t, n in ProvinceMonthTotal.objects.values_list(
            "indicator_id", "province_id", "month", "total", "count")},
        {(r["indicator_id"], r["ward__province_id"], r["month"]): (r["t"], r["n"])
         for r in IndicatorValue.objects.values("indicator_id", "ward__province_id", "month")
         .annotate(t=Sum("value"), n=Count("pk"))})
    totals += differ(
        {(i, w, y): (t, n) for i, w, y, t, n in WardYearTotal.objects.values_list(
            "indicator_id", "ward_id", "year", "total", "count")},
        {(r["indicator_id"], r["ward_id"], r["y"]): (r["t"], r["n"])
         for r in IndicatorValue.objects.annotate(y=ExtractYear("month"))
         .values("indicator_id", "ward_id", "y").annotate(t=Sum("value"), n=Count("pk"))})
    return tallies, totals


def _check(fx: Fixture, ledger: Ledger, before: tuple[int, int]) -> Checks:
    from django.db import connection

    from assessments.models import AssessmentValue, Criterion
    from assessments.services import parse_value
    from consultations.models import Answer, Response
    from indicators.models import IndicatorValue

    connection.close()  # a fresh connection sees everything gunicorn committed
    checks = Checks()

    # Residents: accepted once with what was sent; refused and never-sent ones absent.
    campaigns = Response.objects.filter(campaign__year=fx.year)
    nonces = Counter(campaigns.values_list("nonce", flat=True))
    checks.answers_double = sum(n - 1 for n in nonces.values() if n > 1)
    got: dict[str, dict[str, str]] = defaultdict(dict)
    for nonce, code, rating, text in Answer.objects.filter(
            response__campaign__year=fx.year).values_list(
            "response__nonce", "question__code", "rating", "text"):
        got[nonce][f"q-{code}"] = str(rating) if rating is not None else text
    for nonce, (answers, outcome) in ledger.answers.items():
        if outcome:
            checks.answers_accepted += 1
            if nonce not in nonces or got.get(nonce) != answers:
                checks.answers_lost += 1
        elif outcome is False and nonce in nonces:
            checks.answers_unexpected += 1
        elif outcome is None and nonce in nonces and got.get(nonce) != answers:
            checks.answers_lost += 1
    checks.answers_unexpected += len(nonces.keys() - ledger.answers.keys() - fx.seeded_nonces)

    # Ward officers' dossiers: the last save of each value, one revision per save.
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in=list(fx.criteria))}
    stored = {(v.assessment_id, v.criterion_id): v for v in AssessmentValue.objects.filter(
        assessment_id__in=[d.assessment_pk for d in fx.desks])}
    revisions = {(d.assessment_pk, pk): r for d in fx.desks for pk, r in d.revisions.items()}
    for (assessment_pk, pk), writes in ledger.dossier.items():
        row = stored[(assessment_pk, pk)]
        accepted = [i for i, w in enumerate(writes) if w[2]]
        checks.values_saved += len(accepted)
        unknown = sum(1 for w in writes if w[2] is None)
        initial = revisions[(assessment_pk, pk)]
        if not accepted:  # only refused (or unanswered) saves: nothing more than those
            if row.revision > initial + unknown:
                checks.values_lost += 1
                checks.notes.append(f"dossier {assessment_pk} criterion {pk}: revision "
                                    f"{row.revision} though no save was accepted")
            continue
        candidates = [w for w in writes[accepted[-1]:] if w[2] is not False]
        matches = any(row.value == parse_value(criteria[pk], v) and
                      row.explanation == e.strip() for v, e, _ in candidates)
        revision_ok = initial + len(accepted) <= row.revision <= \
            initial + len(accepted) + unknown
        if not (matches and revision_ok):
            checks.values_lost += 1
            checks.notes.append(f"dossier {assessment_pk} criterion {pk}: stored "
                                f"{row.value!r} r{row.revision}, last saved "
                                f"{writes[accepted[-1]][0]!r} r{initial + len(accepted)}")

    # Ward officers' months: every figure of the last saved form.
    wards = {d.ward_code for d in fx.desks}
    figures: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for code, indicator, value in IndicatorValue.objects.filter(
            ward__code__in=wards, ward__valid_to__isnull=True, month=fx.month).values_list(
            "ward__code", "indicator__code", "value"):
        figures[code][indicator] = value
    for ward_code, writes in ledger.figures.items():
        accepted = [i for i, w in enumerate(writes) if w[1]]
        checks.months_saved += len(accepted)
        if not accepted:
            continue
        now = {c: figures[ward_code].get(c) for c in fx.indicator_codes}
        if not any(now == {c: Decimal(sent[c]) if sent.get(c) else None
                           for c in fx.indicator_codes}
                   for sent, outcome in writes[accepted[-1]:] if outcome is not False):
            checks.months_lost += 1
            last = writes[accepted[-1]][0]
            differing = {c: (str(now[c]), last.get(c)) for c in fx.indicator_codes
                         if now[c] != (Decimal(last[c]) if last.get(c) else None)}
            checks.notes.append(f"ward {ward_code} {fx.month:%m/%Y}: (stored, last saved) "
                                f"{differing}")

    tallies, totals = _derived_off()
    checks.tallies_off = max(tallies - before[0], 0)
    checks.totals_off = max(totals - before[1], 0)
    if tallies or totals:
        checks.notes.append(f"derived rows off: tallies {tallies} (before the run "
                            f"{before[0]}), indicator totals {totals} (before {before[1]})")
    return checks


# --- Figures ------------------------------------------------------------------------------

def _percentile(ordered: list[float], p: float) -> float:
    """Nearest rank."""
    if not ordered:
        return math.nan
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


@dataclass
class Row:
    kind: str
    count: int
    errors: int
    p50: float
    p95: float
    p99: float
    top: float


def _row(kind: str, samples: list[Sample], errors: int) -> Row:
    ordered = sorted(s.ms for s in samples)
    return Row(kind, len(ordered), errors, _percentile(ordered, 50), _percentile(ordered, 95),
               _percentile(ordered, 99), ordered[-1] if ordered else math.nan)


def _table(rows: list[Row], overall: Row, floor: Row) -> None:
    print(f"  {'page kind':<34}{'requests':>9}{'errors':>8}{'p50':>8}{'p95':>8}{'p99':>8}"
          f"{'max':>8}  ms")
    for row in [floor, *rows, overall]:
        if row is overall:
            print("  " + "-" * 83)
        print(f"  {row.kind:<34}{row.count:>9}{row.errors:>8}{row.p50:>8.0f}{row.p95:>8.0f}"
              f"{row.p99:>8.0f}{row.top:>8.0f}")


# --- Main ---------------------------------------------------------------------------------

def _failed_json(error: str) -> str:
    return json.dumps({"metric": "mixed_load_p95_ms", "value": None, "unit": "ms",
                       "floor": None, "ratio": None, "target": TARGET_MS, "ok": False,
                       "error": error})


def main() -> None:
    global THINK  # --think sets it for every user thread
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_database_argument(parser)
    parser.set_defaults(database="postgres")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="gunicorn sync workers (default: two per core)")
    parser.add_argument("--wards", type=int, default=200, help="at most this many wards")
    parser.add_argument("--groups", type=int, default=8, help="residential groups per ward")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--think", type=float, nargs=2, default=THINK, metavar=("MIN", "MAX"),
                        help="seconds between two requests of one user (default 1 5)")
    args = parser.parse_args()
    if args.users < 3:
        parser.error("--users: at least 3 (a coordinator, a ward officer, a resident)")
    if not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think MIN MAX: 0 <= MIN <= MAX")
    THINK = (args.think[0], args.think[1])

    def too_long(signum: int, frame: Any) -> None:
        raise BenchFailed("the bench did not finish in time (watchdog)")

    def stopped(signum: int, frame: Any) -> None:
        raise BenchFailed(f"stopped by signal {signum}")

    # Unwind on the watchdog, Ctrl-C or a CI timeout's SIGTERM: gunicorn is stopped, the
    # temporary directory removed and (throwaway.py, at exit) the database dropped.
    signal.signal(signal.SIGALRM, too_long)
    signal.signal(signal.SIGTERM, stopped)
    signal.signal(signal.SIGINT, stopped)
    signal.alarm(int(900 + args.warmup + args.seconds))
    tmp = Path(tempfile.mkdtemp(prefix="kieumau-bench-"))
    server = None
    # One key for this process and gunicorn's: the sessions written here carry its hash.
    secret = secrets.token_urlsafe(50)
    os.environ["SECRET_KEY"] = secret
    try:
        started = time.perf_counter()
        url = django_on_throwaway(tmp, args.database)
        migrated = time.perf_counter() - started
        fx = _populate(args, random.Random(args.seed))
        before = _derived_off()
        built = time.perf_counter() - started - migrated
        from django.db import connection

        connection.close()
        env = _production_env(tmp, url, secret)
        fx.static_path = _collectstatic(env)
        port = free_port(HOST)
        server = _start_gunicorn(tmp, port, args.workers, env)
        _wait_until_up(server, port, tmp, fx.static_path)
        rec, ledger = Recorder(), Ledger()
        measure_from, cpu = _drive(port, fx, args, rec, ledger, server.pid)
        stop_gunicorn(server)
        log = (tmp / "gunicorn.log").read_text(errors="replace")
        checks = _check(fx, ledger, before)

        measured = [s for s in rec.samples if s.started >= measure_from]
        errors = Counter(s.kind for s in rec.samples if s.error)
        warmup_errors = sum(1 for s in rec.samples if s.error and s.started < measure_from)
        by_kind: dict[str, list[Sample]] = defaultdict(list)
        for sample in measured:
            by_kind[sample.kind].append(sample)
        order = [FLOOR, *(k for k, _ in fx.city_pages), DOSSIER_GET, DOSSIER_POST, ENTRY_GET,
                 ENTRY_POST, ANSWER_GET, ANSWER_POST, THANKS_GET]
        kinds = order + sorted(set(by_kind) - set(order))
        rows = [_row(k, by_kind[k], errors[k]) for k in kinds[1:] if by_kind[k] or errors[k]]
        floor = _row(FLOOR, by_kind[FLOOR], errors[FLOOR])
        pages = [s for s in measured if s.kind != FLOOR]
        overall = _row("all pages", pages, sum(r.errors for r in rows))
        error_count = sum(errors.values())
        value = max((r.p95 for r in rows if r.count), default=math.nan)
        worst = max((r for r in rows if r.count), key=lambda r: r.p95, default=None)
        coordinators, officers, residents = _split(args.users)

        print(f"mixed load: {args.users} users (city coordinators {coordinators}, ward "
              f"officers {officers}, residents {residents}) thinking {THINK[0]:g}-{THINK[1]:g} s "
              f"between requests, {args.seconds:.0f} s measured after "
              f"{args.warmup:.0f} s warm-up; gunicorn {args.workers} sync workers, "
              f"DJANGO_ENV=production, {engine_label(args.database)}, "
              f"{os.cpu_count()} cores")
        print(f"  city: {fx.counts['wards']} wards, {fx.counts['groups']} residential groups, "
              f"{len(fx.links)} answer links, {fx.counts['indicator values']:,} indicator "
              f"values, {fx.counts['criteria']} criteria per dossier; migrated in "
              f"{migrated:.0f} s, built in {built:.0f} s")
        _table(rows, overall, floor)
        print(f"  throughput {len(measured) / args.seconds:.1f} requests/s (probe included); "
              f"errors {error_count} ({warmup_errors} in the warm-up)")
        print(f"  CPU in the measured {args.seconds:.0f} s ({os.cpu_count()} cores: "
              f"{cpu.total:.0f} core-s): machine busy {cpu.busy:.0f}, of which gunicorn "
              f"{cpu.server:.0f}, the database's backends {cpu.database:.0f}, the "
              f"bench's clients {cpu.clients:.0f}, other jobs on the machine "
              f"{cpu.busy - cpu.server - cpu.database - cpu.clients:.0f}")
        for what, detail in list(rec.examples.items())[:8]:
            print(f"    error {what}: {detail}")
        print(f"  writes accepted: {checks.answers_accepted} answers, {checks.values_saved} "
              f"dossier values, {checks.months_saved} months of figures; lost "
              f"{checks.lost} (answers lost {checks.answers_lost}, unexpected "
              f"{checks.answers_unexpected}, double {checks.answers_double}; values "
              f"{checks.values_lost}; months {checks.months_lost}; tallies off "
              f"{checks.tallies_off}; totals off {checks.totals_off})")
        for note in checks.notes[:8]:
            print(f"    {note}")
        tracebacks = log.count("Traceback")
        if tracebacks or "[CRITICAL]" in log:
            print(f"  gunicorn log: {tracebacks} tracebacks; last lines:")
            print("    " + "\n    ".join(log.strip().splitlines()[-15:]))
        if worst is not None:
            print(f"  value: worst p95 of the page kinds ({worst.kind}); overall p95 "
                  f"{overall.p95:.0f} ms; floor: p95 of the static file {fx.static_path}")
        ratio = value / floor.p95 if floor.p95 else math.nan

        def number(x: float, digits: int) -> float | None:  # JSON has no NaN
            return None if math.isnan(x) else round(x, digits)

        print(json.dumps({
            "metric": "mixed_load_p95_ms", "value": number(value, 1), "unit": "ms",
            "floor": number(floor.p95, 1), "ratio": number(ratio, 2), "target": TARGET_MS,
            "ok": bool(value < TARGET_MS and error_count == 0 and checks.lost == 0),
        }))
    except BenchFailed as failure:
        print(f"bench failed: {failure}", file=sys.stderr)
        print(_failed_json(str(failure)))
        sys.exit(1)
    except Exception as error:
        print(_failed_json(f"{type(error).__name__}: {error}"))
        raise
    finally:
        signal.alarm(0)
        if server is not None:
            stop_gunicorn(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
