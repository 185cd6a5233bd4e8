"""Bulk appends (uploads, imports, search results) make the same chain as single ones (ADR 003,
ADR 011): ``audit_record_many`` writes each event's canonical JSON itself, so these tests hold
it to ``chain.event_hash``, the function ``audit verify`` uses."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import transaction

from seenheard.access.actor import system_actor
from seenheard.audit.chain import event_hash
from seenheard.audit.models import AuditAction, AuditEvent, AuditHead
from seenheard.audit.selectors import audit_chain_verify
from seenheard.audit.services import audit_record, audit_record_many

pytestmark = pytest.mark.django_db

AWKWARD_DETAILS = [
    {},
    {"plan_type": "CPP", "upload": 7, "start_date": "2024-01-08"},
    {"end_date": None, "entered_in_error": True, "upload": None},
    {"b": 1, "a": {"z": [1, 2, {"y": None, "x": False}], "m": "é"}},
    {"quote": 'say "no"', "backslash": "C:\\temp\\new", "tab": "a\tb", "newline": "a\nb\r\n"},
    {"unicode": "Zoë Ørsted 🙂 ü", "null byte-free control": "\x07\x1b"},
    {"number": 12345678901234567890, "negative": -1, "float": 0.5},
    {"list": ["x", 1, None, True], "empty": [], "nested": {}},
]


def test_many_awkward_events_verify_and_match_event_hash(cast):
    actor = dataclasses.replace(
        system_actor(cast["E09000019"], channel="cli"),
        name='Zoë "O\'Brien"\tthe second',
        username="zoë\\admin",
    )
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.VIEW, object_type="Child", object_id=1)
        written = audit_record_many(
            actor=actor,
            items=[
                (
                    AuditAction.CREATE if i % 2 else AuditAction.UPDATE,
                    "ProtectionFlag" if i % 3 else 'Odd "type"\t',
                    i if i % 4 else f"id-{i}\n",
                    None if i % 5 == 0 else i * 1000,
                    detail,
                )
                for i, detail in enumerate(AWKWARD_DETAILS * 20)
            ],
        )
        audit_record(actor=actor, action=AuditAction.VIEW, object_type="Child", object_id=2)
    assert written == len(AWKWARD_DETAILS) * 20
    checked, broken = audit_chain_verify()
    assert broken is None
    assert checked == written + 2
    rows = list(AuditEvent.objects.order_by("seq").values())
    for row in rows:
        assert event_hash(row, row["prev_hash"]) == row["hash"]
    details = [row["detail"] for row in rows[1:-1]]
    assert details == AWKWARD_DETAILS * 20
    assert rows[1]["actor_name"] == 'Zoë "O\'Brien"\tthe second'
    assert rows[5]["object_id"] == "id-4\n"
    assert AuditHead.objects.get(id=1).seq == rows[-1]["seq"]
