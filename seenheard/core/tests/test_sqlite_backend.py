"""ADR 017: on the embedded database a transaction waiting for SQLite's one write lock gets it
as soon as the holder commits, not up to 100 ms later, and still gives up at the timeout with
nothing changed. Run against a database file of its own, on either test database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from seenheard.core.sqlite.base import DatabaseWrapper


def _wrapper(path: Path, *, timeout: float) -> DatabaseWrapper:
    settings = ConnectionHandler().configure_settings(
        {
            "default": {
                "ENGINE": "seenheard.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                    "init_command": "PRAGMA journal_mode=WAL;",
                },
            }
        }
    )
    return DatabaseWrapper(settings["default"], alias=f"wait-test-{id(path)}")


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    holder = _wrapper(path, timeout=5)
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("INSERT INTO t (v) VALUES ('holder')")
        held.set()
        time.sleep(seconds)
        holder.commit()
    finally:
        holder.close()


@pytest.fixture
def db_file(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    """A database file of the test's own, outside the test database (so pytest-django's
    guard on the test database is lifted for it)."""
    path = tmp_path / "wait.sqlite3"
    with django_db_blocker.unblock():
        setup = _wrapper(path, timeout=5)
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE t (v TEXT)")
        setup.close()
        yield path


def _holding(path: Path, seconds: float) -> threading.Thread:
    """Another connection holding the write lock for ``seconds``, already holding it."""
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, seconds, held))
    holder.start()
    assert held.wait(5)
    return holder


def _connected(path: Path, *, timeout: float) -> DatabaseWrapper:
    waiter = _wrapper(path, timeout=timeout)
    waiter.ensure_connection()
    return waiter


def test_a_waiting_writer_starts_soon_after_the_holder_commits(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own handler sleeps 1, 2, 5 ... 25, 25, 25, 50 ms between looks, so a writer could
    wait up to 100 ms for a lock that was free after 3 (ADR 017). Here the wait is polled: every
    pause the waiter takes is at most 0.4 ms, so it starts within that of the holder's commit.
    The pauses are recorded rather than the wall clock timed, so a busy machine cannot fail it."""
    from seenheard.core.sqlite import base

    real_sleep = time.sleep
    waiter_thread = threading.get_ident()
    pauses: list[float] = []

    def recording_sleep(seconds: float) -> None:
        if threading.get_ident() == waiter_thread:
            pauses.append(seconds)
        real_sleep(seconds)

    holder = _holding(db_file, 0.05)
    waiter = _connected(db_file, timeout=5)
    monkeypatch.setattr("seenheard.core.sqlite.base.time.sleep", recording_sleep)
    try:
        waiter._start_transaction_under_autocommit()
        with waiter.cursor() as cursor:
            cursor.execute("INSERT INTO t (v) VALUES ('waiter')")
        waiter.connection.execute("COMMIT")
        assert pauses, "the waiter should have waited for the holder's lock"
        assert max(pauses) <= base._LONGEST_PAUSE
        with waiter.cursor() as cursor:
            cursor.execute("SELECT v FROM t ORDER BY rowid")
            assert [r[0] for r in cursor.fetchall()] == ["holder", "waiter"]
    finally:
        monkeypatch.undo()
        holder.join()
        waiter.close()


def test_a_writer_gives_up_at_the_timeout_with_nothing_changed(db_file: Path) -> None:
    holder = _holding(db_file, 0.6)
    waiter = _connected(db_file, timeout=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"):
            waiter._start_transaction_under_autocommit()
        assert time.monotonic() - started < 0.5
        # The connection is usable afterwards, with SQLite's own wait restored for other
        # statements.
        with waiter.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 200
            holder.join()
            cursor.execute("SELECT v FROM t")
            assert [r[0] for r in cursor.fetchall()] == ["holder"]
    finally:
        holder.join()
        waiter.close()
