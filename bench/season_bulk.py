"""Raw bulk inserts for bench/season.py: COPY on PostgreSQL, executemany on SQLite.

Only raw rows go through here (responses, answers, household codes, indicator values);
the pre-aggregates are the app's business (`manage.py rebuild_totals`). Rows are tuples in
the column order given; dates and datetimes are handed over as the engine takes them
(`Bulk.day`, `Bulk.stamp`), so no per-value adaptation runs inside the loops.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

BATCH = 50_000


class Bulk:
    """The current database connection's fastest insert path, inside the caller's
    transaction (the raw cursor is Django's connection, so `transaction.atomic` holds)."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        connection.ensure_connection()

    def day(self, value: date) -> Any:
        return value if self.postgres else value.isoformat()

    def stamp(self, value: datetime) -> Any:
        """An aware datetime as stored: PostgreSQL takes it as is, SQLite as Django writes
        it (naive UTC text)."""
        if self.postgres:
            return value
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert `rows` into `table` (names from the models, never from input)."""
        names = ", ".join(f'"{c}"' for c in columns)
        count = 0
        if self.postgres:
            with self.connection.cursor() as cursor, cursor.cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        raw = self.connection.connection
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, BATCH)):
            raw.executemany(sql, batch)
            count += len(batch)
        return count

    def next_id(self, table: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {table}")
            return (cursor.fetchone()[0] or 0) + 1

    def reset_sequences(self, *models: Any) -> None:
        """After rows inserted with their own ids: the next id the database hands out."""
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
