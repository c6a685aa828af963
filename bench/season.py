"""Bench: every city-level page over a full programme year of one province.

Self-contained: a throwaway database (`--database sqlite`, the default: a file in a
temporary directory; `--database postgres`: a database created on the machine's PostgreSQL
server and dropped afterwards, see bench/throwaway.py), migrated, then filled with the
year bench/season_load.py describes: Hà Nội's 126 wards with 20 residential groups each;
10,000 consultation responses per ward (1.26 M responses, ≈ 6.3 M answers) in one
campaign per ward; 84 months of indicators; every ward's dossier with its values; every
body's 6-monthly and yearly reports; headquarters, equipment, the movement's and the
force's year. Raw rows only, loaded in bulk (COPY on PostgreSQL); then
`manage.py rebuild_totals` computes every pre-aggregate from them, and on PostgreSQL
VACUUM ANALYZE gathers the statistics autovacuum would soon have. Each part's load time
is printed (full size on this 2-core machine: about 4–5 minutes on SQLite, 7–8 on
PostgreSQL, most of it the consultations and rebuild_totals).

Then, in the same process, as the province's city coordinator logged in past two-factor
(testing.clients.login) through Django's test Client — middleware, permission layer,
queries, template rendering — every page a city coordinator opens from the navigation:
the worklist, the dashboard and the indicators' lists and map, the consultations list and
the first ward's campaign and results (every ward has the full volume), the rounds, the
round's dossiers and the results matrix, the reports' periods, both boards, the
6-monthly consolidated report, progress and the plan, headquarters, equipment and the
road to 2030, the movement's and the force's city views, training plan, commendations,
units, bodies, users and criteria sets. Each page is opened once to check it answers
200 (every page is tried; any that does not, or raises, is listed and the bench exits 1
with "ok": false), once more inside CaptureQueriesContext for its queries, then `--runs`
times in rounds (every page once per round, so a busy moment of the shared machine falls
on all pages alike); the median is reported.

The table: page, median ms, queries, SQL ms (time spent in the database driver during
the capture GET — one request apart from the timed ones, so only a guide to how much of
the median is SQL rather than Python and templates), KB of HTML, status. For every page
over the target its three slowest queries of the capture GET are listed below the table.

Not timed: downloads (XLSX, DOCX, CSV), forms, ward-level pages, the audit log (bulk loads
bypass the audit trail, so it would time an empty list), the map's boundaries (no GeoJSON
is generated: the map draws its tile grid) and the public list of recognised units (not
a coordinator's page; nothing is recognised yet in early December).

The floor, measured in the same rounds: the coordinator's own profile page
(/accounts/me/), the cheapest authenticated page through the same client, middleware,
session, two-factor check, navigation and base template — what every page costs before
it reads anything. The ratio says how many such requests the worst page is worth. Also
printed, not in the JSON: a raw COUNT(*) over the answers table, what any page that still
read the season's answers would pay at least.

Target: the worst page under 300 ms (the budget within which a full-page navigation still
feels immediate on an office PC). The machine is shared: figures vary by 10–20% between
runs. The last line is JSON. Run:
    .venv/bin/python bench/season.py [--database sqlite|postgres] [--wards 126]
        [--responses-per-ward 10000] [--runs 5]
A quick run: --wards 10 --responses-per-ward 500.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as bench/<name>.py, the script's own directory comes first on sys.path.
from throwaway import add_database_argument, django_on_throwaway, engine_label

TARGET_MS = 300.0
FLOOR_URL = "/accounts/me/"
SLOWEST = 3  # queries shown for each page over the target


@dataclass
class Page:
    label: str
    url: str
    samples: list[float] = field(default_factory=list)
    queries: int = 0
    sql_ms: float = 0.0
    kilobytes: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (ms, SQL) of the capture

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples)


def _rebuild_totals() -> str:
    """`manage.py rebuild_totals` when it exists; before it did, each app's own rebuild."""
    from django.core.management import call_command, get_commands

    if "rebuild_totals" in get_commands():
        from django.utils import translation

        out = io.StringIO()
        with translation.override("en"):  # its summary line, in this bench's language
            call_command("rebuild_totals", stdout=out)
        lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
        return "manage.py rebuild_totals: " + (lines[-1] if lines else "no output")
    from consultations import services as consultations
    from indicators.services import totals_rebuild

    totals_rebuild()
    done = ["indicators.services.totals_rebuild()"]
    if hasattr(consultations, "tallies_rebuild"):
        consultations.tallies_rebuild()
        done.append("consultations.services.tallies_rebuild()")
    return " + ".join(done) + " (no rebuild_totals command yet)"


def _statistics() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "SQLite: none (nothing runs ANALYZE in production either)"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return "PostgreSQL: VACUUM ANALYZE, as autovacuum would after a bulk load"


def _pages(season: Any) -> list[Page]:
    year, campaign = season.year, season.campaign_id
    half, whole = season.half_year_period_id, season.year_period_id
    return [
        Page("home (worklist)", "/"),
        Page("indicators dashboard", f"/indicators/dashboard/?year={year}"),
        Page("indicators map", f"/indicators/map/?year={year}"),
        Page("indicator values (one year)",
             f"/indicators/values/?indicator={season.indicator_code}&year={year}"),
        Page("indicator definitions", "/indicators/definitions/"),
        Page("consultations list", "/consultations/"),
        Page("campaign detail", f"/consultations/{campaign}/"),
        Page("campaign results", f"/consultations/{campaign}/results/"),
        Page("recognition rounds", "/assessments/"),
        Page("round: dossiers", f"/assessments/rounds/{year}/"),
        Page("round: results matrix", f"/assessments/rounds/{year}/matrix/"),
        Page("criteria sets", "/criteria/"),
        Page("reports: periods", "/reports/"),
        Page("reports board, 6-monthly", f"/reports/periods/{half}/board/"),
        Page("reports board, yearly", f"/reports/periods/{whole}/board/"),
        Page("consolidated, 6-monthly", f"/reports/periods/{half}/consolidated/"),
        Page("reports progress", "/reports/progress/"),
        Page("plan", f"/reports/plans/{season.plan_id}/"),
        Page("headquarters list", "/facilities/"),
        Page("equipment overview", "/facilities/equipment/"),
        Page("road to 2030", "/facilities/roadmap/"),
        Page("movement overview", f"/movement/?year={year}"),
        Page("force overview", f"/force/?year={year}"),
        Page("training plan", f"/force/training/{year}/"),
        Page("commendations", f"/force/commendations/?year={year}"),
        Page("units", "/units/"),
        Page("bodies (agencies)", "/agencies/"),
        Page("users", "/users/"),
    ]


def _get(client: Any, page: Page) -> Any:
    response = client.get(page.url)
    if response.status_code != 200:
        raise SystemExit(f"bench: {page.label}: GET {page.url} answered "
                         f"{response.status_code} (expected 200)")
    return response


def _check(client: Any, pages: list[Page]) -> list[str]:
    """Open every page once (which also warms templates, translations and the permission
    layer); what did not answer 200, with why."""
    failures = []
    for page in pages:
        try:
            response = client.get(page.url)
        except Exception as error:  # the test client re-raises a view's exception
            failures.append(f"{page.label}: GET {page.url} raised {type(error).__name__}: "
                            f"{error}")
            continue
        if response.status_code != 200:
            failures.append(f"{page.label}: GET {page.url} answered {response.status_code}")
        page.kilobytes = len(response.content) / 1024
    return failures


def _measure(client: Any, pages: list[Page], floor: Page, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    everything = [*pages, floor]
    spent: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(((time.perf_counter() - began) * 1000, sql))

    for page in everything:
        spent.clear()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            _get(client, page)
        page.queries = len(captured.captured_queries)
        page.sql_ms = sum(ms for ms, _sql in spent)
        page.slowest = sorted(spent, key=lambda q: q[0], reverse=True)[:SLOWEST]
    for _ in range(runs):
        for page in everything:
            started = time.perf_counter()
            _get(client, page)
            page.samples.append((time.perf_counter() - started) * 1000)


def _answers_count_ms(runs: int) -> tuple[int, float]:
    from django.db import connection

    samples, count = [], 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM consultations_answer")
            count = cursor.fetchone()[0]
        samples.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(samples[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wards", type=int, default=126,
                        help="wards of the province kept (default: all 126 of Hà Nội)")
    parser.add_argument("--responses-per-ward", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="GETs per page; the median counts")
    parser.add_argument("--seed", type=int, default=2026)
    add_database_argument(parser)
    args = parser.parse_args()
    if args.wards < 1 or args.responses_per_ward < 1 or args.runs < 1:
        parser.error("--wards, --responses-per-ward and --runs must be at least 1")
    engine = engine_label(args.database)
    with tempfile.TemporaryDirectory(prefix="kieumau-bench-") as tmp:
        django_on_throwaway(Path(tmp), args.database)
        from django.test import Client
        from season_load import Loader

        from testing.clients import login

        print(f"season: {args.wards} wards × {args.responses_per_ward:,} responses, {engine}",
              flush=True)
        started = time.perf_counter()
        loader = Loader(args.wards, args.responses_per_ward, seed=args.seed)
        season = loader.run(say=lambda line: print(line, flush=True))
        for name, action in (("pre-aggregates", _rebuild_totals),
                             ("planner statistics", _statistics)):
            began = time.perf_counter()
            detail = action()
            season.parts.append((name, time.perf_counter() - began, detail))
            print(f"  loaded {name}: {season.parts[-1][1]:.1f} s ({detail})", flush=True)
        load_s = time.perf_counter() - started

        client = Client()
        login(client, season.coordinator)
        pages = _pages(season)
        floor = Page("floor: own profile page", FLOOR_URL)
        failures = _check(client, [*pages, floor])
        if failures:
            print("\nbench failed: every page must answer 200", file=sys.stderr)
            for failure in failures:
                print(f"  {failure}", file=sys.stderr)
            print(json.dumps({
                "metric": "season_worst_page_ms", "value": None, "unit": "ms", "floor": None,
                "ratio": None, "target": TARGET_MS, "ok": False,
                "error": f"{len(failures)} pages did not answer 200"}))
            sys.exit(1)
        _measure(client, pages, floor, args.runs)
        answers, count_ms = _answers_count_ms(args.runs)

        print(f"\nseason {season.year}: {season.rows['wards']} wards, "
              f"{season.rows['responses']:,} responses, {answers:,} answers, "
              f"{season.rows['indicator values']:,} indicator values; loaded in "
              f"{load_s:.0f} s; median of {args.runs} GETs per page, {engine}")
        print(f"  {'load part':<34}{'s':>8}")
        for name, seconds, _detail in season.parts:
            print(f"  {name:<34}{seconds:>8.1f}")
        print(f"  {'total':<34}{load_s:>8.1f}")
        print()
        header = f"  {'page':<30}{'median ms':>10}{'queries':>9}{'SQL ms':>8}{'KB':>7}  status"
        print(header)
        worst = max(pages, key=lambda p: p.median_ms)
        for page in [*pages, floor]:
            status = "200"
            if page is not floor and page.median_ms >= TARGET_MS:
                status += f"  over {TARGET_MS:.0f} ms"
            print(f"  {page.label:<30}{page.median_ms:>10.1f}{page.queries:>9}"
                  f"{page.sql_ms:>8.1f}{page.kilobytes:>7.0f}  {status}")
            if page is not floor:
                print(f"    {page.url}")
        print(f"  raw SELECT COUNT(*) over the {answers:,} answers: {count_ms:.2f} ms "
              "(not a page: what reading the season's answers costs at least)")
        for page in pages:
            if page.median_ms < TARGET_MS:
                continue
            print(f"\n  over target: {page.label} {page.url}: {page.median_ms:.0f} ms, of which "
                  f"SQL ≈ {page.sql_ms:.0f} ms in {page.queries} queries; slowest:")
            for ms, sql in page.slowest:
                print(f"    {ms:8.1f} ms  {' '.join(sql.split())[:150]}")
        print()
        print(f"  worst page: {worst.label} ({worst.url}) {worst.median_ms:.1f} ms; "
              f"floor {floor.median_ms:.1f} ms; target < {TARGET_MS:.0f} ms")
        value, floor_ms = worst.median_ms, floor.median_ms
        ratio = value / floor_ms if floor_ms else float("inf")
        sys.stdout.flush()
        print(json.dumps({
            "metric": "season_worst_page_ms", "value": round(value, 1), "unit": "ms",
            "floor": round(floor_ms, 1), "ratio": round(ratio, 2), "target": TARGET_MS,
            "ok": value < TARGET_MS,
        }))


if __name__ == "__main__":
    main()
