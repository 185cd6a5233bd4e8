"""SQL for the triggers that make the audit table append-only (migration 0002 and tests)."""

SQLITE_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_event_no_update
   BEFORE UPDATE ON audit_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
SQLITE_DELETE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
   BEFORE DELETE ON audit_auditevent
   BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""

# The head only moves forward along the chain (migration 0005, ADR 018): its new sequence is
# higher, the event it names exists with that hash, and the event after the old head links back
# to the old head's hash. Removing the head is refused too.
SQLITE_HEAD_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_head_moves_forward
   BEFORE UPDATE ON audit_audithead
   WHEN NEW.id != OLD.id OR NEW.seq <= OLD.seq
     OR NOT EXISTS (SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash)
     OR NOT EXISTS (
       SELECT 1 FROM audit_auditevent WHERE seq = OLD.seq + 1 AND prev_hash = OLD.hash)
   BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward along the chain'); END"""
SQLITE_HEAD_DELETE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_head_no_delete
   BEFORE DELETE ON audit_audithead
   BEGIN SELECT RAISE(ABORT, 'the audit head cannot be removed'); END"""

# The DELETE triggers that stop pytest-django's flush on SQLite (see conftest.py): name, SQL.
SQLITE_FLUSH_BLOCKING = (
    ("audit_event_no_delete", SQLITE_DELETE_TRIGGER),
    ("audit_head_no_delete", SQLITE_HEAD_DELETE_TRIGGER),
)

# PostgreSQL: an AFTER row trigger, because on PostgreSQL the events and the head's move are
# one statement (the INSERT in the UPDATE's WITH, services._append): a BEFORE trigger would run
# before the events were inserted; an AFTER trigger runs once the whole statement has.
POSTGRES_HEAD_FUNCTION = """CREATE OR REPLACE FUNCTION audit_head_moves_forward()
   RETURNS trigger AS $$
   BEGIN
     IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
       RAISE EXCEPTION 'the audit head cannot be removed';
     END IF;
     IF NEW.id <> OLD.id OR NEW.seq <= OLD.seq
        OR NOT EXISTS (SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash)
        OR NOT EXISTS (
          SELECT 1 FROM audit_auditevent WHERE seq = OLD.seq + 1 AND prev_hash = OLD.hash)
     THEN
       RAISE EXCEPTION USING MESSAGE = 'the audit head only moves forward along the chain '
         || '(from event ' || OLD.seq || ' to ' || NEW.seq || ')';
     END IF;
     RETURN NULL;
   END; $$ LANGUAGE plpgsql"""
POSTGRES_HEAD_TRIGGER = """CREATE TRIGGER audit_head_moves_forward
   AFTER UPDATE OR DELETE ON audit_audithead
   FOR EACH ROW EXECUTE FUNCTION audit_head_moves_forward()"""
POSTGRES_HEAD_TRUNCATE_TRIGGER = """CREATE TRIGGER audit_head_no_truncate
   BEFORE TRUNCATE ON audit_audithead
   FOR EACH STATEMENT EXECUTE FUNCTION audit_head_moves_forward()"""
