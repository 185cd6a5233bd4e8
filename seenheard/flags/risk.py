"""Other shared risk flags: missing, MARAC, FGM, CSE (R-FLAG-9).

Each flag has an owner (who raised it), a review date and an end; it is shared across sites and
agencies (the banner shows open ones to anyone who can see or trace the child), and its owner is
told when the child is seen anywhere.

An FGM *risk* flag is for a girl with a family history of FGM. A known case (FGM carried out) is
not a risk flag: it needs the mandatory police report (R-HIDDEN-4), which the raise page points
to but this module does not make.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import User
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record, audit_view
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.flags.errors import (
    EndReasonMissing,
    ReviewDateOutOfRange,
    ReviewNoteMissing,
    RiskDetailMissing,
    RiskFlagEnded,
    RiskFlagNotForChild,
    RiskFlagNotFound,
    RiskKindUnknown,
)
from seenheard.flags.models import RiskFlag, RiskFlagType
from seenheard.flags.rules import (
    fgm_flag_problem,
    risk_flag_duplicate_problem,
    risk_flag_end_reason_problem,
    risk_flag_review_date_problem,
)
from seenheard.jobs.services import notification_send
from seenheard.protocols.selectors import protocol_value


def risk_flags_seen(*, child_id: int, setting_name: str, seen_at_text: str) -> int:
    """R-FLAG-9: the owner of each open risk flag is told when the child is seen anywhere.

    Runs in the caller's transaction (registration). The message names no child: the inbox
    behind sign-in links to the record. Returns how many owners were told.
    """
    told = 0
    for risk in RiskFlag.objects.filter(child_id=child_id, ended_at__isnull=True):
        notification_send(
            recipient_user_id=risk.owner_user_id,
            recipient_email=risk.owner_email,
            topic="risk-flag-seen",
            subject=f"A child you flagged ({risk.get_flag_type_display()}) has been seen",
            body=f"A child with your {risk.get_flag_type_display()} flag was seen at "
            f"{setting_name} at {seen_at_text}.",
            link=f"/children/{child_id}/",
            child_id=child_id,
        )
        told += 1
    return told


# --- Raising, reviewing and ending a risk flag (R-FLAG-9) -----------------------------------
#
# Who may do what (decided here, documented once):
# - raise: any role whose policy has ``raises_risk_flags`` (unscheduled care, GPs, community and
#   looked-after children's nurses, safeguarding leads, adult services, social workers), for a
#   child they can see (children_visible_to). The raiser becomes the owner.
# - review (set a new review date): the owner, or a safeguarding lead of the owner's
#   organisation (or an organisation above it), so a flag outlives its owner's leave.
# - end: as review, plus a social worker of the child's responsible council, who holds the
#   case when a child is found or a risk is closed at a strategy meeting.
# Every action also needs the child to be visible to the actor now. Anyone else is told the flag
# does not exist (DESIGN rule 2): "not found" and "not allowed" are the same answer.

RISK_FLAG = "RiskFlag"


class RiskFlagAction(StrEnum):
    REVIEW = "review"
    END = "end"


def risk_flag_may(actor: Actor, flag: RiskFlag, action: RiskFlagAction) -> bool:
    """Whether the actor may review or end this flag (the rules above); visibility of the
    child is checked separately, from the access scope."""
    if flag.owner_user_id == actor.user_id and actor.user_id:
        return True
    policy = policy_for(actor.role)
    if policy.manages_organisation_risk_flags and flag.owner_org_id in actor.scope_org_ids:
        return True
    return (
        action == RiskFlagAction.END
        and policy.ends_council_children_risk_flags
        and flag.child.responsible_la_id is not None
        and flag.child.responsible_la_id in actor.scope_org_ids
    )


def _visible_child(actor: Actor, child_id: int, *, lock: bool = False) -> Child | None:
    children = children_visible_to(actor).filter(pk=child_id)
    if lock:
        # One raise at a time per child, so two people cannot both add "the" open flag of a type.
        children = children.select_for_update()
    return children.first()


def _flag_for(actor: Actor, flag_id: int, action: RiskFlagAction, *, lock: bool) -> RiskFlag:
    flags = RiskFlag.objects.select_related("child", "owner_org").filter(pk=flag_id)
    if lock:
        flags = flags.select_for_update(of=("self",))
    flag = flags.first()
    if (
        flag is None
        or not risk_flag_may(actor, flag, action)
        or _visible_child(actor, flag.child_id) is None
    ):
        raise RiskFlagNotFound
    return flag


def _has_open(child_id: int, flag_type: RiskFlagType) -> bool:
    return RiskFlag.objects.filter(
        child_id=child_id, flag_type=flag_type, ended_at__isnull=True
    ).exists()


@transaction.atomic
def risk_flag_raise(
    *, actor: Actor, child_id: int, flag_type: RiskFlagType | str, detail: str, review_on: dt.date
) -> RiskFlag:
    """Raise a shared risk flag owned by the actor (R-FLAG-9). Refused, changing nothing, when
    the actor may not raise flags or cannot see the child (one "not found" message), when the
    review date is not in the next 12 months, when an FGM flag is not for a girl under the
    area's age or she already has one, or when the child already has an open flag of the type."""
    if not policy_for(actor.role).raises_risk_flags:
        raise RiskFlagNotFound
    child = _visible_child(actor, child_id, lock=True)
    if child is None:
        raise RiskFlagNotFound
    if flag_type not in RiskFlagType.values:
        raise RiskKindUnknown
    kind = RiskFlagType(flag_type)
    detail = detail.strip()
    if not detail:
        raise RiskDetailMissing
    today = clock.today()
    problem = risk_flag_review_date_problem(review_on=review_on, today=today)
    if problem:
        raise ReviewDateOutOfRange(problem)
    already = _has_open(child.pk, kind)
    if kind == RiskFlagType.FGM:
        problem = fgm_flag_problem(
            age=clock.age_on(child.date_of_birth, today),
            sex=child.sex,
            already_flagged=already,
            under_age=protocol_value("fgm.flag_under_age", area=actor.organisation),
        )
    else:
        problem = risk_flag_duplicate_problem(label=kind.label, already_open=already)
    if problem:
        raise RiskFlagNotForChild(problem)
    user = User.objects.filter(pk=actor.user_id).only("email").first()
    flag = RiskFlag.objects.create(
        child=child,
        flag_type=kind,
        detail=detail,
        owner_org=actor.organisation,
        owner_user_id=actor.user_id,
        owner_name=actor.name,
        owner_email=user.email if user else "",
        raised_at=clock.now(),
        review_on=review_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=RISK_FLAG,
        object_id=flag.pk,
        child_id=child.pk,
        detail={"flag_type": kind.value, "review_on": review_on.isoformat()},
    )
    return flag


@transaction.atomic
def risk_flag_get(*, actor: Actor, flag_id: int, action: RiskFlagAction) -> RiskFlag | None:
    """The open flag the actor is about to review or end, or None (unknown, ended, or not theirs
    to change). Reading it is audited: the detail describes the child's circumstances."""
    try:
        flag = _flag_for(actor, flag_id, action, lock=False)
    except RiskFlagNotFound:
        return None
    if flag.ended_at is not None:
        return None
    audit_view(
        actor=actor,
        object_type=RISK_FLAG,
        object_id=flag.pk,
        child_id=flag.child_id,
        detail={"purpose": str(action)},
    )
    return flag


def _tell_owner(actor: Actor, flag: RiskFlag, *, what: str) -> None:
    """When someone else changes a flag, its owner hears of it (they may be relying on it)."""
    if flag.owner_user_id == actor.user_id:
        return
    notification_send(
        recipient_user_id=flag.owner_user_id,
        recipient_email=flag.owner_email,
        topic="risk-flag-changed",
        subject=f"Your {flag.get_flag_type_display()} flag has been {what}",
        body=f"{actor.name} ({actor.organisation.name}) {what} your "
        f"{flag.get_flag_type_display()} flag.",
        link=f"/children/{flag.child_id}/",
        child_id=flag.child_id,
    )


@transaction.atomic
def risk_flag_review(*, actor: Actor, flag_id: int, review_on: dt.date, note: str) -> RiskFlag:
    """The owner, or a safeguarding lead of the owner's organisation, reviews an open flag and
    sets its next review date (R-FLAG-9). The note (what the review found) is kept in the audit
    trail with the old and new dates."""
    flag = _flag_for(actor, flag_id, RiskFlagAction.REVIEW, lock=True)
    if flag.ended_at is not None:
        raise RiskFlagEnded(field="review_on")
    note = note.strip()
    if not note:
        raise ReviewNoteMissing
    problem = risk_flag_review_date_problem(review_on=review_on, today=clock.today())
    if problem:
        raise ReviewDateOutOfRange(problem)
    previous = flag.review_on
    flag.review_on = review_on
    flag.save(update_fields=["review_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=RISK_FLAG,
        object_id=flag.pk,
        child_id=flag.child_id,
        detail={
            "change": "reviewed",
            "review_on_was": previous.isoformat(),
            "review_on": review_on.isoformat(),
            "note": note,
        },
    )
    _tell_owner(actor, flag, what="reviewed")
    return flag


@transaction.atomic
def risk_flag_end(*, actor: Actor, flag_id: int, reason: str) -> RiskFlag:
    """End an open flag with a reason (R-FLAG-9, issue 3 item 8). The row is kept, with who
    ended it, when and why: a flag is never deleted, so the history stays readable."""
    flag = _flag_for(actor, flag_id, RiskFlagAction.END, lock=True)
    if flag.ended_at is not None:
        raise RiskFlagEnded(field="reason")
    problem = risk_flag_end_reason_problem(reason)
    if problem:
        raise EndReasonMissing(problem)
    flag.ended_at = clock.now()
    flag.ended_by = actor.username
    flag.end_reason = reason.strip()
    flag.save(update_fields=["ended_at", "ended_by", "end_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=RISK_FLAG,
        object_id=flag.pk,
        child_id=flag.child_id,
        detail={"change": "ended", "flag_type": flag.flag_type, "reason": flag.end_reason},
    )
    _tell_owner(actor, flag, what="ended")
    return flag


@dataclass(frozen=True)
class RiskFlagRow:
    flag: RiskFlag
    may_review: bool
    may_end: bool


@dataclass(frozen=True)
class ChildRiskFlags:
    child: Child
    may_raise: bool
    open: list[RiskFlagRow]
    ended: list[RiskFlag]


@transaction.atomic
def risk_flags_for_child(*, actor: Actor, child_id: int) -> ChildRiskFlags | None:
    """A child's risk flags, open and ended, with what the actor may do to each; None when the
    child is not visible to the actor. Audited as a view of the child's risk flags."""
    if not policy_for(actor.role).sees_child_data:
        return None
    child = _visible_child(actor, child_id)
    if child is None:
        return None
    flags = list(
        RiskFlag.objects.select_related("owner_org")
        .filter(child_id=child.pk)
        .order_by("ended_at", "-raised_at")
    )
    for flag in flags:
        flag.child = child  # the rules read the child's council; it is the same row
    audit_view(
        actor=actor,
        object_type="RiskFlagList",
        object_id=child.pk,
        child_id=child.pk,
        detail={"flags": [f.pk for f in flags]},
    )
    return ChildRiskFlags(
        child=child,
        may_raise=policy_for(actor.role).raises_risk_flags,
        open=[
            RiskFlagRow(
                flag=f,
                may_review=risk_flag_may(actor, f, RiskFlagAction.REVIEW),
                may_end=risk_flag_may(actor, f, RiskFlagAction.END),
            )
            for f in flags
            if f.ended_at is None
        ],
        ended=[f for f in flags if f.ended_at is not None],
    )
