"""The database lets the audit head move only forward along the chain (ADR 018)."""

from django.db import migrations

from seenheard.audit.triggers import (
    POSTGRES_HEAD_FUNCTION,
    POSTGRES_HEAD_TRIGGER,
    POSTGRES_HEAD_TRUNCATE_TRIGGER,
    SQLITE_HEAD_DELETE_TRIGGER,
    SQLITE_HEAD_UPDATE_TRIGGER,
)

SQLITE = [SQLITE_HEAD_UPDATE_TRIGGER, SQLITE_HEAD_DELETE_TRIGGER]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_head_moves_forward",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
]
POSTGRES = [POSTGRES_HEAD_FUNCTION, POSTGRES_HEAD_TRIGGER, POSTGRES_HEAD_TRUNCATE_TRIGGER]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_head_moves_forward ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead",
    "DROP FUNCTION IF EXISTS audit_head_moves_forward()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_mother_lookup_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
