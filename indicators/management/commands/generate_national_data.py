"""Synthetic national data for load tests: every unit × indicator × month.

    manage.py generate_national_data [--months 84] [--indicators 20] [--seed 2026]

Loads the whole country's units, makes synthetic indicator definitions when fewer than
`--indicators` typed ones exist, inserts one value per commune-level unit, indicator and
month (the months that ended before this one) with raw batched INSERTs in one transaction
(≈ 5.6 M rows at full size), then rebuilds the dashboard totals. Existing values are kept
(ON CONFLICT DO NOTHING), so a rerun adds only what is missing.
"""

from __future__ import annotations

import random
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import totals_rebuild
from units.models import OrgUnit
from units.services import units_load

BATCH = 50_000


def _months(count: int, today: date) -> list[date]:
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(date(year, month, 1))
    return sorted(out)


class Command(BaseCommand):
    help = "Generate synthetic indicator values for every unit of the country (load tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=84)
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skip-units", action="store_true",
                            help="Use the units already loaded.")

    def _say(self, started: float, text: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - started:7.1f}s] {text}")
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if not options["skip_units"]:
            result = units_load(province_code=None)
            self._say(started, f"units: {result.created} created, {result.unchanged} unchanged")
        wards = list(OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
                     .values_list("pk", flat=True).order_by("pk"))
        wanted = max(options["indicators"], 0)
        typed = list(IndicatorDefinition.objects.filter(is_active=True)
                     .exclude(aggregation=IndicatorDefinition.Aggregation.RATIO)
                     .order_by("order", "code"))
        for n in range(len(typed) + 1, wanted + 1):
            typed.append(IndicatorDefinition.objects.create(
                code=f"synthetic-{n:02d}", name=f"Chỉ tiêu tổng hợp {n:02d}", unit="vụ",
                order=1000 + n, higher_is_better=n % 3 == 0))
        indicators = typed[:wanted]
        # A ceiling ("reported") is generated before what may not exceed it ("solved").
        indicators.sort(key=lambda ind: ind.not_above_id is not None)
        months = _months(options["months"], timezone.localdate())
        total = len(wards) * len(indicators) * len(months)
        self._say(started, f"{len(wards)} units × {len(indicators)} indicators × "
                           f"{len(months)} months = {total:,} values")
        rng = random.Random(options["seed"])  # noqa: S311 — synthetic data, not secrets
        table = IndicatorValue._meta.db_table
        # The table name comes from the model, never from input.
        sql = (f"INSERT INTO {table} (indicator_id, ward_id, month, value, entered_at) "  # noqa: S608
               "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING")
        now = timezone.now()
        bases = {ind.pk: rng.randint(1, 60) for ind in indicators}
        done = 0
        with transaction.atomic(), connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for ward_id in wards:
                scale = rng.uniform(0.5, 1.5)
                for month in months:
                    given: dict[int, int] = {}
                    for ind in indicators:
                        value = max(0, int(bases[ind.pk] * scale + rng.randint(-5, 5)))
                        if ind.not_above_id in given:
                            value = min(value, given[ind.not_above_id])  # type: ignore[index]
                        given[ind.pk] = value
                        batch.append((ind.pk, ward_id, month, value, now))
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        done += len(batch)
                        batch = []
                        if done % (BATCH * 20) == 0:
                            self._say(started, f"{done:,}/{total:,} values")
            if batch:
                cursor.executemany(sql, batch)
                done += len(batch)
        self._say(started, f"{done:,} values inserted")
        totals_rebuild()
        self._say(started, "totals rebuilt; done")
