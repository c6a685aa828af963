"""Bench: the city matrix page for Hà Nội's 126 wards × 40 criteria, beside its raw SQL floor.

Self-contained: builds a throwaway database (`--database sqlite`, the default: a file in a
temporary directory; `--database postgres`: a database created on the machine's PostgreSQL
server and dropped afterwards, see bench/throwaway.py), migrates it, creates one province,
126 wards, a 40-criterion set and a round with every value answered, then times (median
of N runs, same process, same database):

- the page: GET /assessments/rounds/<year>/matrix/ through Django's test Client as a
  logged-in city coordinator past two-factor (middleware, permission scoping, the four
  matrix queries, pivot, template rendering of 5,040 cells);
- the floor: one raw SELECT joining values, criteria, assessments and wards for the round,
  fetched through connection.cursor — what any implementation must at least read. The
  same SQL runs on both engines.

Target: page ≤ 300 ms. An official opens this page to compare 126 wards at once; 300 ms is
the budget within which a full-page navigation still feels immediate on an office PC, and
it leaves headroom for a PostgreSQL server over a network (`--database postgres` measures
one on this machine, its tables ANALYZEd after the fill as autovacuum would soon do). The
ratio to the floor shows how much of that is Python/template work rather than reading the
data.

The last line printed is one JSON object for CI dashboards. Run:
    .venv/bin/python bench/assessment_matrix.py [--database sqlite|postgres] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

# Run as bench/<name>.py, the script's own directory comes first on sys.path.
from throwaway import add_database_argument, django_on_throwaway, engine_label

WARDS, CRITERIA, YEAR = 126, 40, 2026
TARGET_MS = 300.0


def _populate() -> tuple[object, int]:
    """The province, its wards, the set, the round, every value; returns (coordinator, round)."""
    import random
    from datetime import date
    from decimal import Decimal

    from django.db import transaction

    from accounts.models import Role, RoleAssignment, User
    from assessments.models import (
        Assessment,
        AssessmentValue,
        CriteriaGroup,
        CriteriaSet,
        Criterion,
        RecognitionRound,
    )
    from units.models import OrgUnit

    rng = random.Random(2026)
    kinds = [(Criterion.ValueType.YES_NO, Criterion.Comparison.YES, ""),
             (Criterion.ValueType.PERCENTAGE, Criterion.Comparison.GTE, "90"),
             (Criterion.ValueType.NUMBER, Criterion.Comparison.LTE, "2"),
             (Criterion.ValueType.SCORE, Criterion.Comparison.GTE, "5")]
    with transaction.atomic():
        province = OrgUnit.objects.create(kind=OrgUnit.Kind.PROVINCE, code="01",
                                          name="Thành phố Hà Nội")
        wards = [OrgUnit(kind=OrgUnit.Kind.WARD, code=f"{n:05d}", name=f"Phường {n}",
                         parent=province, province=province) for n in range(1, WARDS + 1)]
        OrgUnit.objects.bulk_create(wards)
        criteria_set = CriteriaSet.objects.create(name="Bộ tiêu chí (bench)", year_from=2024,
                                                  year_to=2030, pass_score=Decimal(200))
        criteria = []
        for g in range(5):
            group = CriteriaGroup.objects.create(criteria_set=criteria_set, code=f"G{g + 1}",
                                                 title=f"Nhóm {g + 1}", order=g)
            for n in range(CRITERIA // 5):
                kind, comparison, target = kinds[(g + n) % len(kinds)]
                criteria.append(Criterion(
                    criteria_set=criteria_set, group=group, code=f"{g + 1}.{n + 1}",
                    title=f"Tiêu chí {g + 1}.{n + 1}", value_type=kind, comparison=comparison,
                    target=target, max_score=Decimal(10), mandatory=n == 0, order=n))
        Criterion.objects.bulk_create(criteria)
        round_ = RecognitionRound.objects.create(
            province=province, year=YEAR, criteria_set=criteria_set,
            registration_deadline=date(YEAR, 3, 31), submission_deadline=date(YEAR, 10, 31))
        states = list(Assessment.State.values)
        assessments = Assessment.objects.bulk_create(
            Assessment(round=round_, ward=w, criteria_set=criteria_set,
                       state=states[i % len(states)], total_score=Decimal(rng.randint(100, 400)))
            for i, w in enumerate(wards))
        values = []
        for assessment in assessments:
            for criterion in criteria:
                raw = {"yes_no": rng.choice(["yes", "yes", "no"]),
                       "percentage": str(rng.choice([80, 92.5, 100])),
                       "number": str(rng.randint(0, 4)),
                       "score": str(rng.choice([4, 7.5, 9]))}[criterion.value_type]
                judged = criterion.evaluate(raw)
                values.append(AssessmentValue(assessment=assessment, criterion=criterion,
                                              value=raw, met=judged.met, score=judged.score))
        AssessmentValue.objects.bulk_create(values, batch_size=2000)
        coordinator = User.objects.create(username="bench.dieuphoi", full_name="Bench")
        RoleAssignment.objects.create(user=coordinator, role=Role.CITY_COORDINATOR,
                                      org_unit=province)
    return coordinator, round_.pk


def _median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    add_database_argument(parser)
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory(prefix="kieumau-bench-") as tmp:
        django_on_throwaway(Path(tmp), args.database)
        from django.db import connection
        from django.test import Client

        from testing.clients import login

        coordinator, round_id = _populate()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the statistics a server's autovacuum would gather
        client = Client()
        login(client, coordinator)
        url = f"/assessments/rounds/{YEAR}/matrix/"
        first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(f"bench: {url} answered {first.status_code}")
        rows = first.content.count(b'<th scope="row"')

        def page() -> None:
            response = client.get(url)
            assert response.status_code == 200

        sql = """
            SELECT w.code, w.name, a.state, a.total_score, a.passes,
                   c.code, v.value, v.met, v.score
              FROM assessments_assessmentvalue v
              JOIN assessments_assessment a ON a.id = v.assessment_id
              JOIN assessments_criterion c ON c.id = v.criterion_id
              JOIN units_orgunit w ON w.id = a.ward_id
             WHERE a.round_id = %s
             ORDER BY w.code, c."order", c.code
        """

        def floor() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, [round_id])
                cursor.fetchall()

        page()  # warm caches: templates, translations, the permission layer
        floor()
        page_ms = _median_ms(page, runs)
        floor_ms = _median_ms(floor, runs)
        ratio = page_ms / floor_ms if floor_ms else float("inf")
        print(f"assessment matrix: {rows} wards × {CRITERIA} criteria "
              f"({rows * CRITERIA} cells), median of {runs} runs, {engine_label(args.database)}")
        print(f"  {'measure':<28}{'ms':>10}")
        print(f"  {'matrix page (GET)':<28}{page_ms:>10.1f}")
        print(f"  {'raw SQL floor (one SELECT)':<28}{floor_ms:>10.1f}")
        print(f"  {'ratio page / floor':<28}{ratio:>10.1f}")
        print(f"  {'target page ≤ ms':<28}{TARGET_MS:>10.0f}")
        print(json.dumps({
            "metric": "assessment_matrix_page_ms", "value": round(page_ms, 2), "unit": "ms",
            "floor": round(floor_ms, 2), "ratio": round(ratio, 2), "target": TARGET_MS,
            "ok": page_ms <= TARGET_MS,
        }))


if __name__ == "__main__":
    main()
