"""core.sqlite: writers on a SQLite file take turns through a lock file."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from core import sqlite
from core.sqlite import file_turn, sqlite_writer_turn

HOLD = 0.5  # seconds another process keeps the turn

pytestmark = pytest.mark.skipif(sqlite.fcntl is None, reason="needs flock")


def _held_by_another_process(path: str) -> subprocess.Popen:
    holder = subprocess.Popen(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c",
         "import fcntl, sys, time\n"
         f"f = open({path!r}, 'a')\n"
         "fcntl.flock(f, fcntl.LOCK_EX)\n"
         "print('held', flush=True)\n"
         f"time.sleep({HOLD})\n"],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_it_waits_while_another_process_holds_the_turn(tmp_path):
    path = str(tmp_path / "db.sqlite3.writers")
    holder = _held_by_another_process(path)
    began = time.monotonic()
    with file_turn(path):
        waited = time.monotonic() - began
    holder.wait(timeout=10)
    assert waited >= HOLD * 0.6


def test_it_goes_at_once_when_nobody_holds_the_turn(tmp_path):
    began = time.monotonic()
    with file_turn(str(tmp_path / "free.writers")):
        pass
    assert time.monotonic() - began < HOLD * 0.6


def test_threads_of_one_process_take_turns(tmp_path):
    path = str(tmp_path / "db.sqlite3.writers")
    inside, most = [0], [0]
    guard = threading.Lock()

    def write() -> None:
        for _ in range(20):
            with file_turn(path):
                with guard:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.001)
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most[0] == 1


def test_a_nested_turn_does_not_wait_for_itself(tmp_path):
    path = str(tmp_path / "db.sqlite3.writers")
    with file_turn(path), file_turn(path):
        pass
    # Both released: another process gets the turn at once.
    probe = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c",
         "import fcntl\n"
         f"f = open({path!r}, 'a')\n"
         "fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"],
        timeout=10, check=False,
    )
    assert probe.returncode == 0


def test_it_uses_a_lock_file_beside_a_sqlite_file(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the project runs this suite on SQLite too")
    database = tmp_path / "kieumau.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    monkeypatch.setattr(connection, "is_in_memory_db", lambda: False)
    with sqlite_writer_turn():
        assert (tmp_path / "kieumau.sqlite3.writers").exists()


def test_it_takes_no_turn_inside_a_transaction(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the project runs this suite on SQLite too")
    database = tmp_path / "kieumau.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    monkeypatch.setattr(connection, "is_in_memory_db", lambda: False)
    monkeypatch.setattr(connection, "in_atomic_block", True)  # as inside atomic()
    holder = _held_by_another_process(str(tmp_path / "kieumau.sqlite3.writers"))
    began = time.monotonic()
    with sqlite_writer_turn():
        waited = time.monotonic() - began
    holder.wait(timeout=10)
    assert waited < HOLD * 0.6


def test_it_does_nothing_on_an_in_memory_database(db, tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the project runs this suite on SQLite too")
    monkeypatch.chdir(tmp_path)
    assert connection.is_in_memory_db()
    with sqlite_writer_turn():
        pass
    assert list(tmp_path.iterdir()) == []


def test_it_does_nothing_on_postgresql(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the project runs this suite on PostgreSQL too")
    monkeypatch.chdir(tmp_path)
    with sqlite_writer_turn():
        pass
    assert list(tmp_path.iterdir()) == []
