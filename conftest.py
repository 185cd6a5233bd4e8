"""Shared test fixtures: the demo cast as personas (DESIGN rule 9).

- ``ae_nurse``: unscheduled care at Hospital A's emergency department (RDEMO-ED)
- ``la_social_worker``: social worker at council A (Islington, E09000019)
- ``lac_nurse``: looked-after children's nurse at trust A (RDEMO-LAC)
- ``stranger``: social worker at council C (Birmingham, E08000025), no relationship
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client

os.environ.setdefault("SEENHEARD_ENV", "test")
# Playwright's sync API runs an event loop; the ORM calls in browser tests are still sequential.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Between transactional tests (threads, subprocesses, live server) pytest-django empties the
    PostgreSQL test database with TRUNCATE, which the audit table's TRUNCATE trigger refuses even
    when the table is empty. Only that trigger is switched off, only in the test database: the
    UPDATE and DELETE triggers stay on (audit/tests prove they refuse)."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")
                cur.execute("ALTER TABLE audit_audithead DISABLE TRIGGER audit_head_no_truncate")


@pytest.fixture
def cast(db: None) -> dict:
    from seenheard.demo.cast import demo_cast_ensure

    return demo_cast_ensure()


def _actor(username: str):
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User

    return actor_for(User.objects.get(username=username))


@pytest.fixture
def ae_nurse(cast):
    return _actor("ae.nurse")


@pytest.fixture
def la_social_worker(cast):
    return _actor("social.worker")


@pytest.fixture
def lac_nurse(cast):
    return _actor("lac.nurse")


@pytest.fixture
def stranger(cast):
    return _actor("stranger")


@pytest.fixture
def actor_named(cast) -> Callable:
    return _actor


@pytest.fixture
def client_for(cast) -> Callable[[str], Client]:
    """A browser-like test client signed in as a demo user."""
    from seenheard.accounts.models import User

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def noah(cast):
    """Noah Brennan, 16, known to no setting and with no flag."""
    from seenheard.children.models import Child

    return Child.objects.get(nhs_number="9990000034")  # scope-exempt: test set-up


@pytest.fixture
def amelia(cast):
    """Amelia Hart: looked after by Islington, on the LAC and health-visiting caseloads."""
    from seenheard.children.models import Child

    return Child.objects.get(nhs_number="9990000018")  # scope-exempt: (test set-up)


@pytest.fixture
def cli_env(transactional_db: None) -> dict[str, str]:
    """Environment for running the real ``seenheard`` script in a subprocess against the test
    database (the test must be transactional, so the subprocess sees committed data)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings['NAME']}"
    else:
        from urllib.parse import quote

        host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
        user = quote(settings.get("USER") or "postgres", safe="")
        password = settings.get("PASSWORD") or ""
        login = f"{user}:{quote(password, safe='')}" if password else user
        url = f"postgres://{login}@{host}:{port}/{settings['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "SEENHEARD_ENV": "test"}


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server", "cli_env"} & set(request.fixturenames))


@pytest.fixture(scope="session")
def _checkpoint_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("audit-checkpoints")


@pytest.fixture(autouse=True)
def checkpoint_file(_checkpoint_dir, settings, monkeypatch):
    """Every test has its own audit checkpoint file (ADR 018), in this process and in any
    ``seenheard`` it runs, so no test reads another's checkpoints or the developer's."""
    import uuid

    path = _checkpoint_dir / f"{uuid.uuid4().hex}.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = path
    monkeypatch.setenv("SEENHEARD_AUDIT_CHECKPOINT_FILE", str(path))
    return path


@pytest.fixture(autouse=True)
def _memo_forgotten():
    """Reference data remembered in the process (core.memo) never leaks between tests: a test's
    rolled-back protocol value must not be seen by the next."""
    from seenheard.core.memo import caches_clear

    caches_clear()
    yield
    caches_clear()


@pytest.fixture(autouse=True)
def _audit_table_flushable_on_sqlite(request: pytest.FixtureRequest, django_db_blocker):
    """After a transactional test pytest-django empties every table with DELETE, which the
    SQLite audit trigger refuses (as it should). Only for that flush, only in the test
    database, the DELETE trigger is dropped; it is put back before the next test that uses the
    database, so every test runs with the audit table append-only."""
    from django.db import connection

    transactional = _is_transactional(request)
    uses_db = (
        transactional
        or "django_db_setup" in request.fixturenames
        or (request.node.get_closest_marker("django_db") is not None)
    )
    if connection.vendor != "sqlite" or not uses_db:
        yield
        return
    from seenheard.audit.triggers import SQLITE_FLUSH_BLOCKING

    request.getfixturevalue("transactional_db" if transactional else "db")
    with django_db_blocker.unblock(), connection.cursor() as cur:
        for _, create in SQLITE_FLUSH_BLOCKING:  # the events' and the head's DELETE triggers
            cur.execute(create)
    yield
    if transactional:
        with django_db_blocker.unblock(), connection.cursor() as cur:
            for name, _ in SQLITE_FLUSH_BLOCKING:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
