"""The database lets the audit head move only forward along the chain (R-FLAG-10, ADR 018)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from seenheard.audit.models import AuditEvent, AuditHead
from seenheard.audit.selectors import audit_chain_verify
from seenheard.children.selectors import child_get


def _views(actor, child, n: int = 3) -> None:
    for _ in range(n):
        assert child_get(actor=actor, child_id=child.pk) is not None


def _head() -> tuple[int, str]:
    head = AuditHead.objects.get(id=1)
    return head.seq, head.hash


def test_appending_moves_the_head_forward(lac_nurse, amelia):
    _views(lac_nurse, amelia)
    assert _head() == (3, AuditEvent.objects.get(seq=3).hash)
    _views(lac_nurse, amelia, 1)
    assert _head() == (4, AuditEvent.objects.get(seq=4).hash)


def test_the_database_refuses_to_move_the_head_backwards(lac_nurse, amelia):
    _views(lac_nurse, amelia)
    second = AuditEvent.objects.get(seq=2)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditHead.objects.filter(id=1).update(seq=2, hash=second.hash)
    assert _head() == (3, AuditEvent.objects.get(seq=3).hash)


def test_the_database_refuses_a_head_that_names_no_event(lac_nurse, amelia):
    _views(lac_nurse, amelia)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        AuditHead.objects.filter(id=1).update(seq=9, hash="f" * 64)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        # the right sequence number with another event's hash
        AuditHead.objects.filter(id=1).update(seq=3, hash=AuditEvent.objects.get(seq=1).hash)
    assert _head()[0] == 3


def test_the_database_refuses_to_remove_the_head(lac_nurse, amelia):
    _views(lac_nurse, amelia)
    with pytest.raises(DatabaseError, match="cannot be removed"), transaction.atomic():
        AuditHead.objects.filter(id=1).delete()
    assert _head()[0] == 3
    _, broken = audit_chain_verify()
    assert broken is None
