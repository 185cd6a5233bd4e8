"""Django's SQLite backend, waiting promptly for the write lock (ADR 017).

Every transaction starts with ``BEGIN IMMEDIATE`` (ADR 003), which takes SQLite's one write lock
or waits for it. SQLite's own busy handler waits by sleeping 1, 2, 5, 10, 15, 20, 25, 25, 25,
50, 50 and then 100 ms at a time, so a registration arriving just after another could wait
100 ms for a lock that was free after 3: at four concurrent clients the slowest 1% of
registrations took over half a second. Here the wait for ``BEGIN`` is polled every 0.1 to 0.4 ms
up to the same timeout, with SQLite's handler off for that one statement only; every other
statement keeps it. A timeout raises Django's ``OperationalError`` ("database is locked"), as
before.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from django.db.backends.sqlite3 import base

_FIRST_PAUSE = 0.0001
_LONGEST_PAUSE = 0.0004


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self._lock_timeout_ms = int(float(conn_params.get("timeout", 5)) * 1000)
        return super().get_new_connection(conn_params)

    def _start_transaction_under_autocommit(self) -> None:
        mode = getattr(self, "transaction_mode", None)  # set by Django when it connects
        begin = f"BEGIN {mode}" if mode else "BEGIN"
        raw = self.connection
        timeout_ms = getattr(self, "_lock_timeout_ms", 5000)
        deadline = time.monotonic() + timeout_ms / 1000
        pause = _FIRST_PAUSE
        # Errors leave as Django's own (OperationalError "database is locked" at the timeout).
        with self.wrap_database_errors:
            raw.execute("PRAGMA busy_timeout = 0")
            try:
                while True:
                    try:
                        raw.execute(begin)
                        return
                    except sqlite3.OperationalError as exc:
                        if not _is_locked(exc) or time.monotonic() >= deadline:
                            raise
                    time.sleep(pause)
                    pause = min(pause * 2, _LONGEST_PAUSE)
            finally:
                raw.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text
