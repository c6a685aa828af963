"""Writers on a SQLite file take turns through a lock file, not through SQLite's busy wait.

SQLite lets one connection write at a time. A connection that finds the database locked
sleeps in SQLite's busy handler (1, 2, 5, 10 … ms) and looks again, while the lock may
have been free for most of that time. On the public answer page, where several server
processes store residents' answers at once, that sleeping cost about a tenth of the
throughput (bench/consultation_ingest.py). A writer that first takes its turn on a lock
file (flock) is woken by the kernel the moment the previous one finishes.

Only for SQLite files on systems with flock; PostgreSQL locks rows, not the database, and
an in-memory database has a single connection.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabase

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own waiting only
    fcntl = None  # type: ignore[assignment]

# flock belongs to an open file, which the threads of a process share (and a process
# forked after opening it): threads queue on a thread lock first, then the process queues
# on a file it opened itself.
_process_turn = threading.Lock()
_turn_files: dict[tuple[int, str], IO[str]] = {}
_holding = threading.local()


@contextmanager
def sqlite_writer_turn(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Hold the database's writer turn around a write transaction (no-op but on a SQLite
    file), taken before `transaction.atomic()`.

    Inside a transaction already (the demo loader's, say) it takes no turn: that
    transaction holds SQLite's write lock from its start (IMMEDIATE), and waiting for the
    turn there could wait for a writer that is itself waiting for that lock."""
    connection = connections[using]
    if (not isinstance(connection, SQLiteDatabase) or fcntl is None
            or connection.is_in_memory_db() or connection.in_atomic_block):
        yield
        return
    with file_turn(f"{connection.settings_dict['NAME']}.writers"):
        yield


@contextmanager
def file_turn(path: str) -> Iterator[None]:
    """Exclusive turn on the lock file at `path` among all threads and processes. A thread
    already holding it goes on (a nested turn would wait for itself)."""
    assert fcntl is not None
    if getattr(_holding, "path", None) == path:
        yield
        return
    with _process_turn:
        key = (os.getpid(), path)
        turn_file = _turn_files.get(key)
        if turn_file is None:
            turn_file = _turn_files[key] = open(path, "a")  # noqa: SIM115 - kept open
        fcntl.flock(turn_file, fcntl.LOCK_EX)
        _holding.path = path
        try:
            yield
        finally:
            _holding.path = None
            fcntl.flock(turn_file, fcntl.LOCK_UN)
