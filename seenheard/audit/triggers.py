"""SQL for the triggers that make the audit table append-only (migration 0002 and tests)."""

SQLITE_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_event_no_update
   BEFORE UPDATE ON audit_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
SQLITE_DELETE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
   BEFORE DELETE ON audit_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
