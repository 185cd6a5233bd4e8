"""Writing referrals (R-REF-1) and their decisions (R-REF-3).

A referral is written as a draft, saved on the server at every button press so that nothing is
lost if the browser closes; only its author sees it. ``referral_submit`` sends it when every
part is there, recording the child's voice with it. The receiving team's ``referral_decide``
tells the referrer (inbox and e-mail). A decision not made in time becomes a task for the
receiving team's manager (``referral_escalate``, run by the worker when it falls due).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import asdict, replace

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.accounts.models import Organisation, User
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock
from seenheard.jobs.services import job_enqueue, notification_send
from seenheard.protocols.selectors import protocol_value
from seenheard.referrals.errors import (
    DecisionIncomplete,
    ReferralAlreadyDecided,
    ReferralIncomplete,
    ReferralNotDraft,
    ReferralNotFound,
    ReferralTooLong,
)
from seenheard.referrals.escalation import ESCALATION_KIND
from seenheard.referrals.models import (
    DecisionOutcome,
    Referral,
    ReferralDecision,
    ReferralService,
    ReferralStatus,
)
from seenheard.referrals.rules import (
    TEXT_MAX,
    TEXT_PARTS,
    DecisionInput,
    ReferralInput,
    ReferralProblem,
    decision_due_at,
    decision_problems,
    receiving_org_fits,
    referral_problems,
)
from seenheard.referrals.selectors import (
    REFERRAL,
    referral_child,
    referral_is_receiver,
    threshold_levels,
)
from seenheard.tasks.errors import TaskAlreadyClosed
from seenheard.tasks.services import task_close
from seenheard.voice.errors import VoiceChildNotFound
from seenheard.voice.rules import NOTE_MAX, WORDS_MAX, VoiceInput
from seenheard.voice.services import voice_record

DECISION_DUE_JOB = "referral.decision_due"
CONTENT_FIELDS = (
    "service",
    "reason",
    "risk_what",
    "risk_likelihood",
    "risk_severity",
    "working_well",
    "expectation",
    "threshold_level",
    "wider_family",
    "wider_home",
    "wider_school",
    "wider_agencies",
    "consent",
    "lawful_basis",
)


def referral_input_of(referral: Referral) -> ReferralInput:
    """A stored referral's parts, as typed (for the form and for sending)."""
    voice = referral.draft_voice or {}
    return ReferralInput(
        **{name: getattr(referral, name) for name in CONTENT_FIELDS},
        receiving_org_id=referral.receiving_org_id,
        voice=VoiceInput(
            words=str(voice.get("words", "")),
            methods=tuple(str(m) for m in voice.get("methods", ())),
            communication_needs=str(voice.get("communication_needs", "")),
            missing_reason=str(voice.get("missing_reason", "")),
            missing_detail=str(voice.get("missing_detail", "")),
        ),
    )


def _length_problems(data: ReferralInput) -> list[ReferralProblem]:
    """Only what a draft cannot hold: a part over its limit (the limits are the rules')."""
    found = [
        ReferralProblem(name, f"{what} must be {TEXT_MAX:,} characters or fewer.")
        for name, (what, _) in TEXT_PARTS.items()
        if len(getattr(data, name)) > TEXT_MAX
    ]
    limits = {"words": WORDS_MAX, "communication_needs": NOTE_MAX, "missing_detail": NOTE_MAX}
    found.extend(
        ReferralProblem(f"voice.{name}", f"This must be {limit:,} characters or fewer.")
        for name, limit in limits.items()
        if len(getattr(data.voice, name)) > limit
    )
    choices = {name: getattr(data, name) for name in CONTENT_FIELDS if name not in TEXT_PARTS}
    found.extend(
        ReferralProblem(name, "Choose from the list.")
        for name, value in choices.items()
        if len(value) > 64
    )
    return found


def _apply(referral: Referral, data: ReferralInput) -> None:
    for name in CONTENT_FIELDS:
        setattr(referral, name, getattr(data, name))
    referral.receiving_org_id = data.receiving_org_id
    referral.draft_voice = {**asdict(data.voice), "methods": list(data.voice.methods)}


def _receiving_org_id(data: ReferralInput) -> int | None:
    """The receiving organisation's id when it is a real, active one (else None: "choose")."""
    if data.receiving_org_id is None:
        return None
    found = Organisation.objects.filter(pk=data.receiving_org_id, active=True).exists()
    return data.receiving_org_id if found else None


@transaction.atomic
def referral_draft_save(
    *, actor: Actor, child_id: int, data: ReferralInput, referral_id: int | None = None
) -> Referral:
    """Keep what has been typed so far as the actor's draft (new, or their draft
    ``referral_id``), whatever is still missing. Refused, saving nothing: ``ReferralNotFound``
    (a child the actor may not see, or someone else's referral), ``ReferralNotDraft`` (already
    sent), ``ReferralTooLong`` (a part over its limit, each against its field)."""
    data = data.cleaned()
    if referral_child(actor=actor, child_id=child_id) is None or not actor.user_id:
        raise ReferralNotFound()
    data = replace(data, receiving_org_id=_receiving_org_id(data))
    problems = _length_problems(data)
    now = clock.now()
    if referral_id is None:
        if problems:
            raise ReferralTooLong(problems)
        referral = _new_draft(actor, child_id, now)
    else:
        referral = _own_draft(actor, referral_id, child_id)
        if problems:
            raise ReferralTooLong(problems)
    _apply(referral, data)
    referral.saved_at = now
    referral.save()
    audit_change(
        actor=actor,
        action=AuditAction.CREATE if referral_id is None else AuditAction.UPDATE,
        object_type=REFERRAL,
        object_id=referral.pk,
        child_id=child_id,
        detail={"draft": True, "service": referral.service},
    )
    return referral


def _new_draft(actor: Actor, child_id: int, now: dt.datetime) -> Referral:
    user = User.objects.filter(pk=actor.user_id).only("email").first()
    return Referral(
        child_id=child_id,
        referrer_id=actor.user_id,
        referrer_org=actor.organisation,
        referrer_name=actor.name,
        referrer_role=actor.role.label,
        referrer_email=user.email if user else "",
        created_at=now,
    )


def _own_draft(actor: Actor, referral_id: int, child_id: int | None = None) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .filter(pk=referral_id, referrer_id=actor.user_id)
        .first()
    )
    if referral is None or not actor.user_id:
        raise ReferralNotFound()
    if child_id is not None and referral.child_id != child_id:
        raise ReferralNotFound()
    if referral.status != ReferralStatus.DRAFT:
        raise ReferralNotDraft()
    return referral


def referral_check(data: ReferralInput) -> list[ReferralProblem]:  # R-REF-1
    """Everything missing or wrong in a referral, as sending it would find (no change)."""
    org = (
        Organisation.objects.filter(pk=data.receiving_org_id, active=True).first()
        if data.receiving_org_id is not None
        else None
    )
    return referral_problems(
        replace(data, receiving_org_id=org.pk if org else None),
        threshold_levels=threshold_levels(org),
        area_name=org.name if org else "the area",
        receiving_org_fits_service=org is not None
        and receiving_org_fits(data.service, kind=org.kind, setting_type=org.setting_type),
    )


@transaction.atomic
def referral_submit(*, actor: Actor, referral_id: int) -> Referral:
    """Send the actor's draft to the receiving team (R-REF-1). Refused, changing nothing:
    ``ReferralNotFound``, ``ReferralNotDraft``, ``ReferralIncomplete`` (every missing part,
    each against its field). Once sent: the child's voice is recorded with it, the decision
    is due in the area's working days, and the escalation is queued for that time."""
    referral = _own_draft(actor, referral_id)
    data = referral_input_of(referral).cleaned()
    problems = referral_check(data)
    if problems:
        raise ReferralIncomplete(problems)
    try:
        voice = voice_record(
            actor=actor, child_id=referral.child_id, record_kind="referral", voice=data.voice
        )
    except VoiceChildNotFound:
        raise ReferralNotFound() from None
    receiving = referral.receiving_org
    assert receiving is not None  # referral_check found it
    now = clock.now()
    referral.voice = voice
    referral.status = ReferralStatus.SENT
    referral.threshold_name = threshold_levels(receiving)[referral.threshold_level]
    referral.sent_at = referral.saved_at = now
    referral.decision_due_at = decision_due_at(
        now, working_days=protocol_value("referral.decision_working_days", area=receiving)
    )
    referral.save()
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=REFERRAL,
        object_id=referral.pk,
        child_id=referral.child_id,
        detail={
            "sent": True,
            "service": referral.service,
            "receiving_org": receiving.code,
            "threshold_level": referral.threshold_level,
            "voice": voice.pk,
        },
    )
    job_enqueue(
        kind=DECISION_DUE_JOB,
        payload={"referral_id": referral.pk},
        run_after=referral.decision_due_at,
    )
    return referral


@transaction.atomic
def referral_send(*, actor: Actor, child_id: int, data: ReferralInput) -> Referral:
    """Write and send a referral at once (the API): every part is checked before anything is
    stored, so a refused one leaves nothing behind, not even a draft."""
    if referral_child(actor=actor, child_id=child_id) is None or not actor.user_id:
        raise ReferralNotFound()
    problems = referral_check(data.cleaned())
    if problems:
        raise ReferralIncomplete(problems)
    draft = referral_draft_save(actor=actor, child_id=child_id, data=data)
    return referral_submit(actor=actor, referral_id=draft.pk)


def _decision_text(decision: ReferralDecision) -> str:
    outcome = DecisionOutcome(decision.outcome).label
    if decision.outcome == DecisionOutcome.REDIRECTED:
        return f"{outcome}: {decision.redirected_to}"
    return outcome


@transaction.atomic
def referral_decide(*, actor: Actor, referral_id: int, decision: DecisionInput) -> ReferralDecision:
    """Record the receiving team's decision and its reasons (R-REF-3), and tell the referrer
    in their inbox and by e-mail (which names no child). Refused, changing nothing:
    ``ReferralNotFound`` (not sent to the actor's team), ``ReferralAlreadyDecided``,
    ``DecisionIncomplete`` (every problem against its field)."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("receiving_org")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or not referral_is_receiver(actor, referral) or not actor.user_id:
        raise ReferralNotFound()
    earlier = ReferralDecision.objects.filter(referral=referral).first()
    if earlier is not None:
        raise ReferralAlreadyDecided(f"{timezone.localtime(earlier.decided_at):%-d %B %Y}")
    problems = decision_problems(decision)
    if problems:
        raise DecisionIncomplete(problems)
    row = ReferralDecision.objects.create(
        referral=referral,
        outcome=decision.outcome,
        reasons=decision.reasons.strip(),
        redirected_to=decision.redirected_to.strip()
        if decision.outcome == DecisionOutcome.REDIRECTED
        else "",
        decided_by_id=actor.user_id,
        decided_by_name=actor.name,
        decided_by_role=actor.role.label,
        decided_at=clock.now(),
    )
    referral.status = ReferralStatus.DECIDED
    referral.save(update_fields=["status"])
    _escalation_close(actor, referral, row)
    audit_change(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=REFERRAL,
        object_id=referral.pk,
        child_id=referral.child_id,
        detail={"decision": row.outcome},
    )
    _tell_referrer(referral, row)
    return row


def _escalation_close(actor: Actor, referral: Referral, decision: ReferralDecision) -> None:
    """The overdue-decision task, if the referral had one, closes with the decision (ADR 030)."""
    if referral.escalation_task_id is None:
        return
    with contextlib.suppress(TaskAlreadyClosed):  # closed by hand before ADR 030
        task_close(
            actor=actor,
            task_id=referral.escalation_task_id,
            outcome=f"The referral was decided: {_decision_text(decision)}.",
            owning_kind=ESCALATION_KIND,
        )


def _tell_referrer(referral: Referral, decision: ReferralDecision) -> None:
    service = ReferralService(referral.service).label if referral.service else "The service"
    assert referral.receiving_org is not None
    sent = timezone.localtime(referral.sent_at) if referral.sent_at else None
    notification_send(
        recipient_user_id=referral.referrer_id,
        recipient_email=referral.referrer_email,
        topic="referral-decided",
        subject="A referral you made has a decision",
        # The e-mail carries this too: the service, team and outcome, never the child.
        body=f"{referral.receiving_org.name} ({service}) has decided on the referral you sent"
        f"{f' on {sent:%-d %B %Y}' if sent else ''}: {_decision_text(decision)}. "
        "Open the referral to read their reasons.",
        link=f"/referrals/{referral.pk}/",
        child_id=referral.child_id,
    )
