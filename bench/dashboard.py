"""Bench: the city dashboard at national size, beside the naive aggregate over the values.

Self-contained: a throwaway database (`--database sqlite`, the default: a file in a temporary
directory; `--database postgres`: a database created on the machine's PostgreSQL server and
dropped afterwards, see bench/throwaway.py), migrated, filled by
`manage.py generate_national_data` (every unit of the country × 20 indicators × 84 months,
≈ 5.6 M values at full size; --months shrinks it for a quick run; on PostgreSQL then
ANALYZEd, as autovacuum would soon do on a server). Then, same process,
same database, median of N runs:

- the page: GET /indicators/dashboard/?year=<last full year> through Django's test Client
  as Hà Nội's city coordinator past two-factor (middleware, permission layer, the totals
  queries, the other programmes' cards, SVG charts, template rendering);
- the floor: the naive raw SQL the dashboard would need without its pre-aggregated totals:
  SUM per indicator per month over the province's wards for the year, plus the per-ward
  year totals of the ranked indicator. The same SQL runs on both engines.

Target: page < 300 ms (the season's budget, bench/season.py). The naive aggregate is the
floor it is compared with: on SQLite the whole page is faster than that one query; on
PostgreSQL, which scans 5.6 M rows with parallel workers in 30-80 ms, the page (every card,
charts, rendering) is not, and the ratio says by how much. The last line is JSON.
    .venv/bin/python bench/dashboard.py [--database sqlite|postgres] [--months 84] [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

# Run as bench/<name>.py, the script's own directory comes first on sys.path.
from throwaway import add_database_argument, django_on_throwaway, engine_label

TARGET_MS = 300.0


def _median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--months", type=int, default=84)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--runs", type=int, default=9)
    add_database_argument(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kieumau-bench-") as tmp:
        django_on_throwaway(Path(tmp), args.database)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from accounts.models import Role, RoleAssignment, User
        from indicators.models import IndicatorDefinition, IndicatorValue
        from testing.clients import login
        from units.models import OrgUnit

        started = time.perf_counter()
        call_command("generate_national_data", months=args.months, indicators=args.indicators)
        if connection.vendor == "postgresql":
            # The statistics autovacuum would gather a minute later on a server: without
            # them the planner guesses at 5.6 M fresh rows and the timings measure that.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        load_s = time.perf_counter() - started
        rows = IndicatorValue.objects.count()
        province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code="01",
                                       valid_to__isnull=True)
        coordinator = User.objects.create(username="bench.dieuphoi", full_name="Bench")
        RoleAssignment.objects.create(user=coordinator, role=Role.CITY_COORDINATOR,
                                      org_unit=province)
        today = timezone.localdate()
        year = today.year if args.months < today.month else today.year - 1
        ranked = IndicatorDefinition.objects.filter(is_active=True).first()
        assert ranked is not None
        client = Client()
        login(client, coordinator)
        url = f"/indicators/dashboard/?year={year}&indicator={ranked.code}"

        def page() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"bench: {url} answered {response.status_code}")

        # Dates, not strings: each backend passes them in its own form (an ISO text for
        # SQLite's text column, a date for PostgreSQL's).
        start, end = date(year - 1, 1, 1), date(year, 12, 1)
        monthly_sql = """
            SELECT v.indicator_id, v.month, SUM(v.value), COUNT(*)
              FROM indicators_indicatorvalue v
              JOIN units_orgunit w ON w.id = v.ward_id
             WHERE w.province_id = %s AND v.month BETWEEN %s AND %s
             GROUP BY v.indicator_id, v.month
        """
        ranking_sql = """
            SELECT v.ward_id, SUM(v.value), COUNT(*)
              FROM indicators_indicatorvalue v
              JOIN units_orgunit w ON w.id = v.ward_id
             WHERE w.province_id = %s AND v.indicator_id = %s
               AND v.month BETWEEN %s AND %s
             GROUP BY v.ward_id
        """

        def floor() -> None:
            with connection.cursor() as cursor:
                cursor.execute(monthly_sql, [province.pk, start, end])
                cursor.fetchall()
                cursor.execute(ranking_sql, [province.pk, ranked.pk, date(year, 1, 1), end])
                cursor.fetchall()

        page()  # warm caches: templates, translations, the permission layer
        floor()
        page_ms = _median_ms(page, args.runs)
        floor_ms = _median_ms(floor, args.runs)
        ratio = page_ms / floor_ms if floor_ms else float("inf")
        print(f"city dashboard: {rows:,} values ({args.months} months), loaded in "
              f"{load_s:.0f} s; year {year}, median of {args.runs} runs, "
              f"{engine_label(args.database)}")
        print(f"  {'measure':<34}{'ms':>10}")
        print(f"  {'dashboard page (GET)':<34}{page_ms:>10.1f}")
        print(f"  {'naive SQL aggregate over values':<34}{floor_ms:>10.1f}")
        print(f"  {'ratio page / naive':<34}{ratio:>10.2f}")
        print(f"  {'target page < ms':<34}{TARGET_MS:>10.0f}")
        print(json.dumps({
            "metric": "dashboard_ms", "value": round(page_ms, 2), "unit": "ms",
            "floor": round(floor_ms, 2), "ratio": round(ratio, 3), "target": TARGET_MS,
            "ok": page_ms < TARGET_MS,
        }))


if __name__ == "__main__":
    main()
