"""Recording the child's voice (R-VOICE-1): called by the service that writes the record holding
it, inside that service's transaction, so the voice and its record are stored and audited
together or not at all."""

from __future__ import annotations

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import children_visible_to
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.voice.errors import VoiceChildNotFound, VoiceIncomplete, VoiceRecordKindUnknown
from seenheard.voice.kinds import RECORD_KINDS
from seenheard.voice.models import ChildVoice
from seenheard.voice.rules import VoiceInput, voice_problems

CHILD_VOICE = "ChildVoice"


@transaction.atomic
def voice_record(
    *,
    actor: Actor,
    child_id: int,
    record_kind: str,
    voice: VoiceInput,
    supersedes: ChildVoice | None = None,
) -> ChildVoice:
    """Store the child's words (or why there are none) for a record of ``record_kind``, written
    by the actor at their organisation now, and audit it. The caller then keeps the returned
    row on its record (a one-to-one key) in the same transaction.

    Refused, storing nothing: ``VoiceRecordKindUnknown`` for a kind not in ``voice.kinds``,
    ``VoiceChildNotFound`` for a child the actor may not see, ``VoiceIncomplete`` with every
    problem against its field (``voice.rules.voice_problems``)."""
    if record_kind not in RECORD_KINDS:
        raise VoiceRecordKindUnknown(record_kind)
    problems = voice_problems(voice)
    if problems:
        raise VoiceIncomplete(problems)
    if not children_visible_to(actor).filter(pk=child_id).exists():
        raise VoiceChildNotFound()
    if supersedes is not None and supersedes.child_id != child_id:
        raise VoiceChildNotFound()
    voice = voice.cleaned()
    row = ChildVoice.objects.create(
        child_id=child_id,
        record_kind=record_kind,
        organisation=actor.organisation,
        words=voice.words,
        methods=list(voice.methods) if voice.words else [],
        communication_needs=voice.communication_needs,
        missing_reason="" if voice.words else voice.missing_reason,
        missing_detail="" if voice.words else voice.missing_detail,
        recorded_by_id=actor.user_id or None,
        recorded_by_name=actor.name,
        recorded_by_role=actor.role.label,
        recorded_at=clock.now(),
        supersedes=supersedes,
    )
    audit_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=CHILD_VOICE,
        object_id=row.pk,
        child_id=child_id,
        # What kind of account, never the words: the audit trail is not a second record.
        detail={
            "record_kind": record_kind,
            "words": bool(row.words),
            "methods": row.methods,
            "missing_reason": row.missing_reason,
            "supersedes": supersedes.pk if supersedes else None,
        },
    )
    return row
