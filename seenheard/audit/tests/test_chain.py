"""The audit trail is append-only and proves it (DESIGN rule 3, R-FLAG-10)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from seenheard.audit.models import AuditEvent
from seenheard.audit.selectors import audit_chain_verify
from seenheard.audit.tests.tampering import drop_triggers
from seenheard.children.selectors import child_get


def _three_views(actor, child) -> None:
    for _ in range(3):
        assert child_get(actor=actor, child_id=child.pk) is not None


def test_intact_chain_verifies(lac_nurse, amelia):
    _three_views(lac_nurse, amelia)
    checked, broken = audit_chain_verify()
    assert checked == 3
    assert broken is None


def test_database_refuses_to_change_an_event(lac_nurse, amelia):
    _three_views(lac_nurse, amelia)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    assert AuditEvent.objects.get(seq=2).actor_username == "lac.nurse"


def test_verify_finds_a_changed_row(lac_nurse, amelia):
    _three_views(lac_nurse, amelia)
    drop_triggers()
    AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    _, broken = audit_chain_verify()
    assert broken is not None
    assert broken.seq == 2
    assert "changed" in broken.reason


def test_verify_finds_a_deleted_row(lac_nurse, amelia):
    _three_views(lac_nurse, amelia)
    drop_triggers()
    AuditEvent.objects.filter(seq=2).delete()
    _, broken = audit_chain_verify()
    assert broken is not None
    assert broken.seq == 2
    assert "removed" in broken.reason


def test_verify_finds_the_last_row_deleted(lac_nurse, amelia):
    _three_views(lac_nurse, amelia)
    drop_triggers()
    AuditEvent.objects.filter(seq=3).delete()
    _, broken = audit_chain_verify()
    assert broken is not None
    assert "removed" in broken.reason
