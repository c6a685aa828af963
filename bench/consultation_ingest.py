"""Bench: residents' answers ingested per second by the public answer page, beside a bare insert.

Self-contained: builds a throwaway database (`--database sqlite`, the default: a file in a
temporary directory; `--database postgres`: a database created on the machine's PostgreSQL
server and dropped afterwards, see bench/throwaway.py), migrates it, creates a province,
a ward with residential groups and a consultation open today, then serves the whole
project with gunicorn (bench.consultation_settings) and measures, with the same
concurrency and the same number of POSTs:

- the answer path: each simulated resident has a cookie jar and an address of its own
  (sent as X-Forwarded-For, 127.0.0.1 being a trusted proxy as a reverse proxy is in
  production, so the per-address limit runs as it does there and refuses nobody), GETs the
  group's answer page /y/<token>/ for the CSRF cookie, the form's token and its nonce, and
  later POSTs its answers. The GETs all happen before the clock starts: the metric is
  ingest, and the floor is POST-only too.
- the floor: POST /bench/floor/ on the same server, which only inserts one row with raw SQL
  (bench/consultation_urls.py) through the same middleware stack.

The two take turns in rounds (default 4 × 500 POSTs each), timed separately and summed.

Then it checks the database: every accepted POST stored exactly once (the stored nonces are
the accepted ones, none twice), every answer row there with the rating sent, and 50 accepted
submissions POSTed again (same nonce; half with the cookie the first sending set, as a
double tap, half without, as a resend from a browser that lost it) change nothing.

Last, with the server stopped, it times the storage alone with the engine's own driver,
the sqlite3 module or psycopg (no Django, no HTTP): one answer's rows (a response and four
answers in one transaction, with their indexes) against the floor's one row, each committed
as the server commits it (SQLite: WAL with synchronous=NORMAL, as the project's connections
set it, no flush to disk per commit; PostgreSQL: the server's settings, by default
synchronous_commit on, one WAL flush per commit). That is the part of the gap no code path
can remove; the rest is the page's work (link lookup, CSRF, checks, cookie, redirect).

gunicorn: `--workers 2`, sync workers, as the README's production deployment runs it
(behind a reverse proxy that buffers slow clients). One process per core: the machine has
2 and the bench clients (Python threads) share them. Threads were measured and lose:
with `--worker-class gthread --threads 8` both figures fall by a third (floor about
1,800/s against 2,500/s, answers about 700/s against 1,000/s with the same code), because
a thread holding SQLite's write lock waits for the interpreter lock between statements
while the others sleep in SQLite's busy handler (measured on SQLite, which has one writer
at a time; PostgreSQL has row locks, not a database lock). `--threads N` (N > 1) still runs
gthread for comparison. The same server answers both measures, so the ratio compares
code paths, not configurations. Runs on a shared 2-core machine vary by about ±0.05 in
the ratio; run it a few times before reading much into one figure.

Target: ratio ≥ 0.5 (set by the issue). Absolute numbers depend on the machine; the ratio
much less.

The last line printed is one JSON object for CI dashboards. Run:
    .venv/bin/python bench/consultation_ingest.py [--database sqlite|postgres] [--posts N]
        [--clients N] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# Run as bench/<name>.py, the script's own directory comes first on sys.path.
from serving import exchange, free_port, stop_gunicorn
from throwaway import add_database_argument, engine_label, throwaway_url

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
GROUPS = 20
REPLAYS = 50
TARGET = 0.5
REQUEST_TIMEOUT = 30.0     # seconds for one HTTP exchange
PHASE_TIMEOUT = 300.0      # seconds for all requests of one phase
STARTUP_TIMEOUT = 30.0     # seconds for gunicorn to answer
WATCHDOG = 900             # seconds for the whole bench, gunicorn stopped whatever happens
COMMENTS = ["Công an phường làm việc tận tình.", "Cần tuần tra buổi tối nhiều hơn.",
            "Xử lý lấn chiếm vỉa hè chưa triệt để.", ""]


class BenchFailed(Exception):
    pass


# --- The database ---------------------------------------------------------------------

def _setup(tmp: Path, database: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.consultation_settings"
    # The throwaway database (PostgreSQL: created now, dropped when this process exits),
    # read by bench/consultation_settings.py here and in gunicorn's workers.
    url = throwaway_url(tmp, database)
    if database == "sqlite":
        os.environ["BENCH_DB"] = str(tmp / "bench.sqlite3")
    else:
        os.environ["BENCH_DATABASE_URL"] = url
    os.environ["KIEUMAU_VAR_DIR"] = str(tmp)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    # The floor's table has no index on either engine: SQLite's rowid, PostgreSQL's heap.
    floor_table = ("CREATE TABLE bench_floor (id integer PRIMARY KEY, at text)"
                   if connection.vendor == "sqlite" else
                   "CREATE TABLE bench_floor (id bigint GENERATED ALWAYS AS IDENTITY,"
                   " at timestamptz)")
    with connection.cursor() as cursor:
        cursor.execute(floor_table)


@dataclass
class Fixture:
    campaign_id: int
    tokens: list[str]
    ratings: list[str]   # codes of the rating questions, overall first
    texts: list[str]     # codes of the comment questions


def _populate() -> Fixture:
    from datetime import date, timedelta

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User
    from consultations.models import GroupLink, Question, consultation_last_day
    from consultations.services import campaign_create, campaign_extend
    from units.models import OrgUnit

    today = timezone.localdate()
    with transaction.atomic():
        province = OrgUnit.objects.create(kind=OrgUnit.Kind.PROVINCE, code="01",
                                          name="Thành phố Hà Nội")
        ward = OrgUnit.objects.create(kind=OrgUnit.Kind.WARD, code="00070",
                                      name="Phường Hoàn Kiếm", parent=province)
        for n in range(1, GROUPS + 1):
            OrgUnit.objects.create(kind=OrgUnit.Kind.RESIDENTIAL_GROUP, code=f"TDP{n:02d}",
                                   name=f"Tổ dân phố số {n}", parent=ward, households=150)
        coordinator = User.objects.create(username="bench.dieuphoi", full_name="Bench")
        RoleAssignment.objects.create(user=coordinator, role=Role.CITY_COORDINATOR,
                                      org_unit=province)
        # Open from today for a week: the bench may run any day. After 30 November the
        # consultation takes answers only through the city's extension, as in production.
        last_day = consultation_last_day(today.year)
        week = today + timedelta(days=7)
        campaign = campaign_create(actor=coordinator, ward=ward, year=today.year,
                                   opens_on=min(today, last_day), closes_on=min(week, last_day))
        if today > last_day or week > last_day:
            campaign_extend(actor=coordinator, campaign=campaign,
                            closes_on=min(week, date(today.year, 12, 31)),
                            reason="Bench: answers after 30 November need an extension.")
    questions = list(Question.objects.filter(campaign=campaign)
                     .order_by("-is_overall", "order"))
    return Fixture(
        campaign_id=campaign.pk,
        tokens=list(GroupLink.objects.filter(campaign=campaign).values_list("token", flat=True)),
        ratings=[q.code for q in questions if q.kind == Question.Kind.RATING],
        texts=[q.code for q in questions if q.kind == Question.Kind.TEXT],
    )


# --- gunicorn -------------------------------------------------------------------------

def _start_gunicorn(tmp: Path, port: int, workers: int, threads: int) -> subprocess.Popen:
    log = (tmp / "gunicorn.log").open("wb")
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "kieumau.wsgi",
        "--chdir", str(ROOT), "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else
          ["--worker-class", "sync"]),
        "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "5",
        "--env", "DJANGO_SETTINGS_MODULE=bench.consultation_settings",
        # BENCH_DB or BENCH_DATABASE_URL: inherited from this process's environment (a
        # PostgreSQL URL may carry a password, kept off the command line).
        "--env", f"KIEUMAU_VAR_DIR={tmp}",
        "--error-logfile", "-", "--log-level", "warning",
    ]
    # Its own process group, so stopping it also stops its workers and nothing else.
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_until_up(server: subprocess.Popen, port: int, tmp: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchFailed("gunicorn exited:\n" + (tmp / "gunicorn.log").read_text()[-3000:])
        try:
            _exchange(port, _request("GET", "/bench/floor/"), timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise BenchFailed(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s")


# --- HTTP, as lean as possible so the clients take little of the shared CPU -------------

@dataclass
class Reply:
    status: int
    body: bytes
    location: str = ""
    set_cookies: list[str] = field(default_factory=list)

    @property
    def cookies(self) -> dict[str, str]:
        # Parsed when asked for, after the clock: parsing in the timed loop would take
        # the shared CPU from the server being measured.
        jar: dict[str, str] = {}
        for header in self.set_cookies:
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(header)
            jar.update({k: m.value for k, m in parsed.items()})
        return jar


def _request(method: str, path: str, body: bytes = b"", cookies: dict[str, str] | None = None,
             address: str = "10.0.0.1") -> bytes:
    # X-Forwarded-For as the reverse proxy in front of production sets it (127.0.0.1 is a
    # trusted proxy in bench/consultation_settings.py): each resident has their own address.
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close",
             "User-Agent: kieumau-bench", "Accept-Language: vi", f"X-Forwarded-For: {address}"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded",
                  f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _exchange(port: int, raw: bytes, timeout: float = REQUEST_TIMEOUT) -> Reply:
    status, headers, body = exchange(HOST, port, raw, timeout)
    reply = Reply(status=status, body=body)
    for name, value in headers:
        if name == "set-cookie":
            reply.set_cookies.append(value)
        elif name == "location":
            reply.location = value
    return reply


class _FormInputs(HTMLParser):
    """The hidden inputs of the answer form (CSRF token, nonce, whatever else it carries)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.hidden[values["name"] or ""] = values.get("value") or ""


# --- Concurrent clients ---------------------------------------------------------------

def _stored_answer(result: Any) -> bool:
    # The answer page redirects to its thank-you page once the answer is stored
    # (POST/redirect/GET); a refusal answers 200 with the form or a page saying why.
    return (isinstance(result, Reply) and result.status in (302, 303)
            and result.location.rstrip("/").endswith("/thanks"))


def _floor_stored(result: Any) -> bool:
    return isinstance(result, Reply) and result.status == 204


def _form_opened(result: Any) -> bool:
    return isinstance(result, Reply) and result.status == 200


@dataclass
class Phase:
    name: str
    accept: Callable[[Any], bool]
    seconds: float = 0.0
    results: list[Any] = field(default_factory=list)

    @property
    def statuses(self) -> Counter:
        return Counter(r.status if isinstance(r, Reply) else type(r).__name__
                       for r in self.results)

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.results if self.accept(r))

    @property
    def per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


def _run(name: str, jobs: list[Any], work: Callable[[Any], Any], clients: int,
         accept: Callable[[Any], bool]) -> Phase:
    """`work` on every job by `clients` threads at once; the clock runs from the first start
    to the last answer. An exception is kept as the job's result, never lost."""
    phase = Phase(name, accept, results=[None] * len(jobs))
    cursor = iter(range(len(jobs)))
    lock = threading.Lock()
    start = threading.Barrier(min(clients, len(jobs)) + 1)
    deadline = 0.0

    def client() -> None:
        start.wait()
        while time.monotonic() < deadline:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            try:
                phase.results[index] = work(jobs[index])
            except Exception as error:
                phase.results[index] = error

    threads = [threading.Thread(target=client, daemon=True) for _ in range(start.parties - 1)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PHASE_TIMEOUT
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0) + REQUEST_TIMEOUT)
    phase.seconds = time.perf_counter() - began
    if any(thread.is_alive() for thread in threads):
        raise BenchFailed(f"{name}: not finished within {PHASE_TIMEOUT:.0f} s")
    return phase


def _merged(rounds: list[Phase]) -> Phase:
    return Phase(rounds[0].name, rounds[0].accept, seconds=sum(r.seconds for r in rounds),
                 results=[result for r in rounds for result in r.results])


@dataclass
class Resident:
    """One simulated resident: their own cookie jar, form and answers."""

    path: str   # the group's answer page, /y/<token>/
    answers: dict[str, str]
    address: str  # the phone's address; a few residents share one, as behind a carrier's NAT
    cookies: dict[str, str] = field(default_factory=dict)
    form: bytes = b""     # the urlencoded POST body: hidden inputs and answers
    request: bytes = b""  # the whole POST, built once before the clock starts
    nonce: str = ""


def _residents(fixture: Fixture, count: int, rng: random.Random) -> list[Resident]:
    from django.urls import reverse

    # The real page (consultations/urls_public.py), never a stand-in: NoReverseMatch here
    # means the project has no public answer page to measure.
    paths = [reverse("answer:group", args=[token]) for token in fixture.tokens]
    people = []
    for _ in range(count):
        answers = {f"q-{fixture.ratings[0]}": str(rng.choice([5, 5, 5, 4, 4, 3, 2, 1]))}
        for code in fixture.ratings[1:]:
            if rng.random() < 0.7:  # the optional questions: most answer some, not all
                answers[f"q-{code}"] = str(rng.randint(1, 5))
        for code in fixture.texts:
            if rng.random() < 0.2 and (comment := rng.choice(COMMENTS)):
                answers[f"q-{code}"] = comment
        address = f"10.{rng.randrange(4)}.{rng.randrange(16)}.{rng.randrange(1, 17)}"
        people.append(Resident(path=rng.choice(paths), answers=answers, address=address))
    return people


def _open_form(port: int, person: Resident) -> Reply:
    path = person.path
    reply = _exchange(port, _request("GET", path, cookies=person.cookies,
                                     address=person.address))
    if reply.status != 200:
        raise BenchFailed(f"GET {path} answered {reply.status}")
    person.cookies.update(reply.cookies)
    form = _FormInputs()
    form.feed(reply.body.decode("utf-8", "replace"))
    if "csrfmiddlewaretoken" not in form.hidden or not form.hidden.get("nonce"):
        raise BenchFailed(f"GET {path}: no CSRF token or nonce in the form")
    person.nonce = form.hidden["nonce"]
    person.form = urlencode({**form.hidden, **person.answers}).encode()
    person.request = _request("POST", path, person.form, person.cookies, person.address)
    return reply


def _post(port: int, person: Resident) -> Reply:
    return _exchange(port, person.request)


def _resend(port: int, person: Resident, first: Reply) -> Reply:
    """The same form again, as a double tap or a resend does, with the cookies the first
    sending set (what a browser would carry)."""
    return _exchange(port, _request("POST", person.path, person.form,
                                    {**person.cookies, **first.cookies}, person.address))


# --- Checks ---------------------------------------------------------------------------

@dataclass
class Checks:
    stored: int = 0
    lost: int = 0           # accepted, not stored
    unexpected: int = 0     # stored, not accepted
    double: int = 0         # a nonce stored more than once, or a replay that counted
    answers_expected: int = 0
    answers_stored: int = 0
    answers_wrong: int = 0  # responses whose answers differ from what was sent
    floor_stored: int = 0
    replay_statuses: Counter = field(default_factory=Counter)

    @property
    def clean(self) -> bool:
        return not (self.lost or self.unexpected or self.double or self.answers_wrong
                    or self.answers_expected != self.answers_stored)


def _stored(campaign_id: int) -> tuple[int, int]:
    from consultations.models import Answer, Response

    return (Response.objects.filter(campaign_id=campaign_id).count(),
            Answer.objects.filter(response__campaign_id=campaign_id).count())


def _check(fixture: Fixture, people: list[Resident], answered: Phase, floor: Phase,
           port: int, clients: int) -> Checks:
    from django.db import connection

    from consultations.models import Answer, Response

    connection.close()  # a fresh connection sees everything gunicorn committed
    sent = {p.nonce: p for p, r in zip(people, answered.results, strict=True)
            if answered.accept(r)}
    checks = Checks()
    nonces = Counter(Response.objects.filter(campaign_id=fixture.campaign_id)
                     .values_list("nonce", flat=True))
    checks.stored = sum(nonces.values())
    checks.double = sum(n - 1 for n in nonces.values() if n > 1)
    checks.lost = len(sent.keys() - nonces.keys())
    checks.unexpected = len(nonces.keys() - sent.keys())
    checks.answers_expected = sum(len(p.answers) for p in sent.values())
    checks.answers_stored = Answer.objects.filter(
        response__campaign_id=fixture.campaign_id).count()
    got: dict[str, dict[str, str]] = {}
    for nonce, code, rating, text in Answer.objects.filter(
        response__campaign_id=fixture.campaign_id
    ).values_list("response__nonce", "question__code", "rating", "text"):
        got.setdefault(nonce, {})[f"q-{code}"] = str(rating) if rating is not None else text
    checks.answers_wrong = sum(1 for nonce, p in sent.items() if got.get(nonce) != p.answers)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_floor")
        checks.floor_stored = cursor.fetchone()[0]
    if checks.floor_stored != floor.accepted:
        checks.unexpected += abs(checks.floor_stored - floor.accepted)

    # Resend 50 accepted answers at once, same nonce: nothing may change. Half carry the
    # cookie the first sending set (a double tap), half do not (the same form resent from
    # a browser that lost it); the service catches them by different roads.
    before = _stored(fixture.campaign_id)
    first = {p.nonce: r for p, r in zip(people, answered.results, strict=True)}
    again = [p for p in people if p.nonce in sent][:REPLAYS]

    def resend(person: Resident) -> Reply:
        if again.index(person) % 2:
            return _post(port, person)
        return _resend(port, person, first[person.nonce])

    replay = _run("replay", again, resend, clients, _stored_answer)
    checks.replay_statuses = replay.statuses
    connection.close()
    after = _stored(fixture.campaign_id)
    checks.double += (after[0] - before[0]) + (after[1] - before[1])
    return checks


# --- Storage alone ---------------------------------------------------------------------

STORAGE_OPS = 1000


def _storage_only(fixture: Fixture, database: str) -> tuple[float, float]:
    """Microseconds to store one answer's rows, and one floor row, with the engine's driver
    alone (the sqlite3 module or psycopg; no Django, no HTTP) on the bench's database: what
    any code path must pay.

    One answer is a transaction of a response row (nonce unique, campaign, group, code
    indexes), four answer rows (unique per response and question, question index) and the
    two tally upserts (the group's responses, the four answers' ratings);
    the floor row goes into a table without an index, as /bench/floor/ does, in a
    transaction of its own (autocommit, as the floor view runs it). The same statements
    on both engines, in each one's parameter style.
    """
    from consultations.models import GroupLink, Question

    questions = list(Question.objects.filter(campaign_id=fixture.campaign_id)
                     .values_list("pk", flat=True))[:4]
    group_id = GroupLink.objects.filter(token=fixture.tokens[0]).values_list(
        "group_id", flat=True).get()
    if database == "postgres":
        return _storage_only_postgres(fixture.campaign_id, group_id, questions)
    return _storage_only_sqlite(fixture.campaign_id, group_id, questions)


# The two tallies an answer moves in its transaction (consultations.services), as there.
RESPONSE_TALLY_SQL = (
    "INSERT INTO consultations_responsetally (campaign_id, group_id, channel, n)"
    " VALUES (%s, %s, 'web', 1) ON CONFLICT (campaign_id, group_id, channel)"
    " DO UPDATE SET n = consultations_responsetally.n + 1")


def _answer_tally_sql(rows: int) -> str:
    return ("INSERT INTO consultations_answertally (campaign_id, group_id, channel,"
            " question_id, rating, n) VALUES "
            + ", ".join(["(%s, %s, 'web', %s, 4, 1)"] * rows)
            + " ON CONFLICT (campaign_id, group_id, channel, question_id, rating)"
            " DO UPDATE SET n = consultations_answertally.n + 1")


def _storage_only_sqlite(campaign_id: int, group_id: int, questions: list[int]
                         ) -> tuple[float, float]:
    import sqlite3
    import uuid

    db = sqlite3.connect(os.environ["BENCH_DB"], isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=NORMAL")  # as the project's connections set it
        began = time.perf_counter()
        for _ in range(STORAGE_OPS):
            db.execute("BEGIN IMMEDIATE")
            (response_id,) = db.execute(
                "INSERT INTO consultations_response (campaign_id, group_id, channel,"
                " submitted_at, nonce, household_code_id) VALUES (?, ?, 'web',"
                " datetime('now'), ?, NULL) RETURNING id",
                (campaign_id, group_id, uuid.uuid4().hex)).fetchone()
            db.executemany(
                "INSERT INTO consultations_answer (response_id, question_id, rating, text,"
                " hidden, hidden_reason) VALUES (?, ?, 4, '', 0, '')",
                [(response_id, q) for q in questions])
            db.execute(RESPONSE_TALLY_SQL.replace("%s", "?"), (campaign_id, group_id))
            db.execute(_answer_tally_sql(len(questions)).replace("%s", "?"),
                       [v for q in questions for v in (campaign_id, group_id, q)])
            db.execute("COMMIT")
        answer = (time.perf_counter() - began) / STORAGE_OPS * 1e6
        began = time.perf_counter()
        for _ in range(STORAGE_OPS):
            db.execute("INSERT INTO bench_floor (at) VALUES (datetime('now'))")
        floor = (time.perf_counter() - began) / STORAGE_OPS * 1e6
    finally:
        db.close()
    return answer, floor


def _storage_only_postgres(campaign_id: int, group_id: int, questions: list[int]
                           ) -> tuple[float, float]:
    import uuid

    import psycopg

    # psycopg's defaults: server-side parameters, statements prepared after 5 runs, the
    # four answer rows sent in one pipeline by executemany — the cheapest road there is.
    with psycopg.connect(os.environ["BENCH_DATABASE_URL"], autocommit=True) as db:
        began = time.perf_counter()
        for _ in range(STORAGE_OPS):
            with db.transaction(), db.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO consultations_response (campaign_id, group_id, channel,"
                    " submitted_at, nonce, household_code_id) VALUES (%s, %s, 'web',"
                    " CURRENT_TIMESTAMP, %s, NULL) RETURNING id",
                    (campaign_id, group_id, uuid.uuid4().hex))
                row = cursor.fetchone()
                assert row is not None
                cursor.executemany(
                    "INSERT INTO consultations_answer (response_id, question_id, rating, text,"
                    " hidden, hidden_reason) VALUES (%s, %s, 4, '', false, '')",
                    [(row[0], q) for q in questions])
                cursor.execute(RESPONSE_TALLY_SQL, (campaign_id, group_id))
                cursor.execute(_answer_tally_sql(len(questions)),
                               [v for q in questions for v in (campaign_id, group_id, q)])
        answer = (time.perf_counter() - began) / STORAGE_OPS * 1e6
        began = time.perf_counter()
        for _ in range(STORAGE_OPS):
            db.execute("INSERT INTO bench_floor (at) VALUES (CURRENT_TIMESTAMP)")
        floor = (time.perf_counter() - began) / STORAGE_OPS * 1e6
    return answer, floor


# --- Main -----------------------------------------------------------------------------

def _table(database: str, posts: int, clients: int, server: str, forms: Phase, floor: Phase,
           answered: Phase, checks: Checks, ratio: float, storage: tuple[float, float]
           ) -> None:
    print(f"consultation ingest: {posts} POSTs by {clients} concurrent clients, gunicorn "
          f"{server}, {engine_label(database)}")
    print(f"  {'measure':<40}{'accepted':>10}{'seconds':>10}{'per s':>10}")
    for label, phase in (("answer form (GET, before the clock)", forms),
                         ("bare insert floor (POST)", floor),
                         ("answers (POST /y/<token>/)", answered)):
        print(f"  {label:<40}{phase.accepted:>10}{phase.seconds:>10.2f}{phase.per_second:>10.1f}")
    print(f"  {'ratio answers / floor':<40}{ratio:>30.2f}")
    print(f"  statuses: floor {dict(floor.statuses)}, answers {dict(answered.statuses)}, "
          f"replays {dict(checks.replay_statuses)}")
    print(f"  stored responses {checks.stored} (lost {checks.lost}, unexpected "
          f"{checks.unexpected}, double-counted {checks.double}); answers stored "
          f"{checks.answers_stored} of {checks.answers_expected} sent, "
          f"{checks.answers_wrong} responses differing; floor rows {checks.floor_stored}")
    driver = "psycopg" if database == "postgres" else "sqlite3"
    print(f"  storage alone ({driver}, no Django): one answer's rows {storage[0]:.0f} µs, "
          f"the floor's row {storage[1]:.0f} µs, {STORAGE_OPS} of each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="more than 1: gthread workers")
    parser.add_argument("--rounds", type=int, default=4)
    add_database_argument(parser)
    args = parser.parse_args()

    def too_long(signum: int, frame: Any) -> None:
        raise BenchFailed(f"the bench did not finish within {WATCHDOG} s")

    def stopped(signum: int, frame: Any) -> None:
        raise BenchFailed(f"stopped by signal {signum}")

    signal.signal(signal.SIGALRM, too_long)
    # Also on Ctrl-C or a CI timeout's SIGTERM: unwind, so gunicorn is stopped and the
    # temporary directory removed (the default SIGTERM would leave both behind).
    signal.signal(signal.SIGTERM, stopped)
    signal.signal(signal.SIGINT, stopped)
    signal.alarm(WATCHDOG)
    tmp = Path(tempfile.mkdtemp(prefix="kieumau-bench-"))
    server = None
    try:
        _setup(tmp, args.database)
        fixture = _populate()
        from django.db import connection

        connection.close()
        port = free_port(HOST)
        server = _start_gunicorn(tmp, port, args.workers, args.threads)
        _wait_until_up(server, port, tmp)
        people = _residents(fixture, args.posts, random.Random(2026))
        forms = _run("forms", people, lambda p: _open_form(port, p), args.clients,
                     _form_opened)
        failed = [r for r in forms.results if not isinstance(r, Reply)]
        if failed:
            raise BenchFailed(f"{len(failed)} answer forms could not be opened: {failed[0]!r}")
        floor_request = _request("POST", "/bench/floor/", people[0].form)
        # Floor and answers take turns in rounds, so that a busy moment of the machine
        # (other jobs share it) falls on both measures rather than skewing the ratio.
        floors, answers = [], []
        size = -(-len(people) // max(args.rounds, 1))
        for start in range(0, len(people), size):
            part = people[start:start + size]
            floors.append(_run("floor", part, lambda p: _exchange(port, floor_request),
                               args.clients, _floor_stored))
            answers.append(_run("answers", part, lambda p: _post(port, p), args.clients,
                                _stored_answer))
        floor, answered = _merged(floors), _merged(answers)
        checks = _check(fixture, people, answered, floor, port, args.clients)
        stop_gunicorn(server)
        storage = _storage_only(fixture, args.database)
        value = answered.per_second
        ratio = value / floor.per_second if floor.per_second else 0.0
        server_kind = (f"{args.workers} gthread workers × {args.threads} threads"
                       if args.threads > 1 else f"{args.workers} sync workers")
        _table(args.database, args.posts, args.clients, server_kind, forms, floor, answered,
               checks, ratio, storage)
        print(json.dumps({
            "metric": "consultation_answers_per_s", "value": round(value, 1),
            "unit": "answers/s", "floor": round(floor.per_second, 1),
            "ratio": round(ratio, 3), "target": TARGET,
            "ok": ratio >= TARGET and checks.clean and answered.accepted == args.posts,
        }))
    except BenchFailed as failure:
        print(f"bench failed: {failure}", file=sys.stderr)
        print(json.dumps({"metric": "consultation_answers_per_s", "value": None,
                          "unit": "answers/s", "floor": None, "ratio": None, "target": TARGET,
                          "ok": False, "error": str(failure)}))
        sys.exit(1)
    finally:
        signal.alarm(0)
        if server is not None:
            stop_gunicorn(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
