"""What someone with rights over the database could do to the audit trail, for the tests that
prove ``seenheard audit verify`` notices it (ADR 003, ADR 018)."""

from __future__ import annotations

from django.db import connection


def drop_triggers() -> None:
    """Drop every trigger that guards the audit trail: the events' append-only triggers and the
    head's moves-forward triggers, as an attacker with database rights would before tampering."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            for name in (
                "audit_event_no_update",
                "audit_event_no_delete",
                "audit_head_moves_forward",
                "audit_head_no_delete",
            ):
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            cur.execute("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent")
            cur.execute("DROP TRIGGER IF EXISTS audit_head_moves_forward ON audit_audithead")


def head_rewrite(*, seq: int) -> None:
    """Point the head at event ``seq``, as if the events after it had never been written."""
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE audit_audithead SET seq = %s, hash = (SELECT hash FROM audit_auditevent "
            "WHERE seq = %s) WHERE id = 1",
            [seq, seq],
        )


def restore_triggers() -> None:
    """Put every trigger back as the migrations made it. A test that drops them outside a
    rolled-back transaction (a transactional test) must call this, or later tests would run
    without them."""
    from importlib import import_module

    from seenheard.audit import triggers

    append_only = import_module("seenheard.audit.migrations.0002_append_only")
    head = import_module("seenheard.audit.migrations.0005_head_moves_forward")
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            for sql in [*append_only.SQLITE, *head.SQLITE]:
                cur.execute(sql)  # CREATE TRIGGER IF NOT EXISTS
            return
        cur.execute("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent")
        cur.execute("DROP TRIGGER IF EXISTS audit_head_moves_forward ON audit_audithead")
        cur.execute(append_only.POSTGRES[1])  # the events' UPDATE OR DELETE trigger
        cur.execute(triggers.POSTGRES_HEAD_TRIGGER)
