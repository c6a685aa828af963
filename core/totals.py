"""Pre-aggregated totals checked against what they summarise, and repaired.

Pages that read many rows (the city dashboard over a season of answers, over seven years
of indicators) read totals kept beside the rows instead: every write adjusts its totals in
the same transaction. `manage.py rebuild_totals` recomputes them from the rows after a bulk
load or a restore; each app says how (`<thing>_rebuild()` in its services) and hands the
result to `reconcile`, which compares, repairs only what differs and says what it repaired.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from core.sqlite import sqlite_writer_turn

EXAMPLES_KEPT = 5
BATCH = 2000


@dataclass
class Reconciled:
    """What one reconcile found: rows checked and rows created, changed or removed."""

    table: str
    checked: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    # (key, stored values or None, expected values or None) of the first few repairs.
    examples: list[tuple[Any, Any, Any]] = field(default_factory=list)

    @property
    def corrected(self) -> int:
        return self.created + self.updated + self.deleted

    def add(self, other: Reconciled) -> None:
        self.checked += other.checked
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        self.examples.extend(other.examples[:EXAMPLES_KEPT - len(self.examples)])

    def _note(self, key: Any, before: Any, after: Any) -> None:
        if len(self.examples) < EXAMPLES_KEPT:
            self.examples.append((key, before, after))


@contextmanager
def writers_held(*tables: str) -> Iterator[None]:
    """A transaction in which nobody writes to `tables`, for a rebuild to read them whole:
    on PostgreSQL a SHARE lock (pages still read), on SQLite the write transaction
    itself. Writers wait for it, so a total never misses a row stored meanwhile."""
    with sqlite_writer_turn(), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE MODE")
        yield


def reconcile(*, stored: QuerySet[Any], key: tuple[str, ...], values: tuple[str, ...],
              expected: Iterable[tuple[tuple[Any, ...], tuple[Any, ...]]]) -> Reconciled:
    """Make the rows of `stored` equal `expected`, a (key, values) pair per row.

    `key` and `values` name the model's fields (attnames: `ward_id`). Rows missing are
    created, rows with other values updated, rows nobody expects deleted; equal rows are
    left alone, so a second run finds nothing to do. The caller holds the transaction and
    keeps writers out while it runs (`writers_held`).
    """
    model: type[Model] = stored.model
    found = {row[1:1 + len(key)]: (row[0], row[1 + len(key):])
             for row in stored.values_list("pk", *key, *values).iterator()}
    result = Reconciled(table=model._meta.db_table)
    create: list[Model] = []
    update: list[Model] = []
    for row_key, row_values in expected:
        result.checked += 1
        have = found.pop(row_key, None)
        if have is None:
            create.append(model(**dict(zip(key + values, row_key + row_values, strict=True))))
            result._note(row_key, None, row_values)
        elif tuple(have[1]) != tuple(row_values):
            obj = model(pk=have[0], **dict(zip(key + values, row_key + row_values,
                                               strict=True)))
            update.append(obj)
            result._note(row_key, tuple(have[1]), row_values)
    model._default_manager.bulk_create(create, batch_size=BATCH)
    if update:
        model._default_manager.bulk_update(update, list(values), batch_size=BATCH)
    extra = [pk for pk, _row_values in found.values()]
    for row_key, (_pk, row_values) in list(found.items())[:EXAMPLES_KEPT]:
        result._note(row_key, tuple(row_values), None)
    for start in range(0, len(extra), BATCH):
        model._default_manager.filter(pk__in=extra[start:start + BATCH]).delete()
    result.created, result.updated, result.deleted = len(create), len(update), len(extra)
    return result
