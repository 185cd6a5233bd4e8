"""Migration 0002: tokens issued before tokens expired get 90 days from the migration (ADR 012)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("accounts", "0001_initial")
MIGRATED_AT = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_tokens_from_before_expiry_get_90_days_from_the_migration():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old = executor.loader.project_state([BEFORE]).apps
        user = old.get_model("accounts", "User").objects.create(username="old.client")
        old.get_model("accounts", "ApiToken").objects.create(user=user, digest="a" * 64)
        old.get_model("accounts", "ApiToken").objects.create(user=user, digest="b" * 64)
    finally:
        # Forward again, to the latest migrations, whatever else happens: the rest of the suite
        # shares this database.
        executor = MigrationExecutor(connection)
        with time_machine.travel(MIGRATED_AT, tick=False):
            executor.migrate(executor.loader.graph.leaf_nodes())

    from seenheard.accounts.models import ApiToken

    expiries = set(ApiToken.objects.values_list("expires_at", flat=True))
    assert expiries == {MIGRATED_AT + dt.timedelta(days=90)}
