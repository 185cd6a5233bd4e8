"""Reading referrals (R-REF-1, R-REF-3).

Who sees a referral: its author (a draft is theirs alone), and, once sent, the receiving team
(staff who see children's records at the receiving organisation or a team inside it). The
referral was sent to that team, so it is theirs to read even before the child is otherwise
known to them; it grants no wider access to the child's record. Everyone else gets the same
answer as for a referral that does not exist. Every referral shown is audited for its child.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import children_visible_to
from seenheard.accounts.models import Organisation, OrgKind, SettingType
from seenheard.audit.models import AuditAction
from seenheard.audit.services import AuditItem, audit_record_many, audit_view
from seenheard.children.models import Child
from seenheard.protocols.selectors import protocol_list
from seenheard.referrals.models import Referral, ReferralService, ReferralStatus
from seenheard.referrals.rules import receiving_org_fits

REFERRAL = "Referral"
THRESHOLD_LIST = "referral.threshold_levels"


def _readable(actor: Actor) -> QuerySet[Referral]:
    mine = Q(referrer_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    if not policy_for(actor.role).sees_child_data:
        return Referral.objects.none()
    sent_to_us = Q(receiving_org_id__in=actor.scope_org_ids) & ~Q(status=ReferralStatus.DRAFT)
    # R-REF-2: the auditor reads the referrals they were given to audit.
    to_audit = Q(quality_audit__auditor_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    return Referral.objects.filter(mine | sent_to_us | to_audit)


@transaction.atomic
def referral_get(*, actor: Actor, referral_id: int, purpose: str = "read") -> Referral | None:
    """One referral the actor may read, with its child, decision and voice; the read audited."""
    referral = (
        _readable(actor)
        .select_related("child", "receiving_org", "referrer_org", "voice", "decision")
        .filter(pk=referral_id)
        .first()
    )
    if referral is not None:
        audit_view(
            actor=actor,
            object_type=REFERRAL,
            object_id=referral.pk,
            child_id=referral.child_id,
            detail={"purpose": purpose},
        )
    return referral


def referral_is_receiver(actor: Actor, referral: Referral) -> bool:
    """Whether the actor is of the receiving team (may decide)."""
    return (
        policy_for(actor.role).sees_child_data
        and referral.receiving_org_id is not None
        and referral.receiving_org_id in actor.scope_org_ids
        and referral.status != ReferralStatus.DRAFT
    )


def _audit_list(actor: Actor, referrals: list[Referral], purpose: str) -> None:
    items: list[AuditItem] = [
        (AuditAction.VIEW, REFERRAL, r.pk, r.child_id, {"purpose": purpose}) for r in referrals
    ]
    if items:
        audit_record_many(actor=actor, items=items)


@transaction.atomic
def referrals_mine(*, actor: Actor, limit: int = 100) -> list[Referral]:
    """The actor's own referrals, drafts first then newest, with their decisions."""
    rows = list(
        _readable(actor)
        .filter(referrer_id=actor.user_id)
        .select_related("child", "receiving_org", "decision")
        .order_by("-status", "-saved_at", "-pk")[:limit]
    )
    _audit_list(actor, rows, "my-referrals")
    return rows


@transaction.atomic
def referrals_incoming(
    *, actor: Actor, waiting_only: bool = False, limit: int = 200
) -> list[Referral]:
    """Referrals sent to the actor's team, those awaiting a decision first, oldest first."""
    if not policy_for(actor.role).sees_child_data:
        return []
    rows = Referral.objects.filter(
        receiving_org_id__in=actor.scope_org_ids,
        status__in=[ReferralStatus.SENT, ReferralStatus.DECIDED],
    )
    if waiting_only:
        rows = rows.filter(status=ReferralStatus.SENT)
    found = list(
        rows.select_related("child", "receiving_org", "referrer_org", "decision").order_by(
            "-status", "sent_at", "pk"
        )[:limit]
    )
    _audit_list(actor, found, "incoming-referrals")
    return found


def referrals_for_child(*, actor: Actor, child_id: int) -> list[Referral]:
    """Sent referrals about a child the actor may see, that the actor may read, newest first
    (the caller has audited the view of the child)."""
    return list(
        _readable(actor)
        .filter(child__in=children_visible_to(actor), child_id=child_id)
        .exclude(status=ReferralStatus.DRAFT)
        .select_related("receiving_org", "decision")
        .order_by("-sent_at", "-pk")
    )


@transaction.atomic
def referral_child(*, actor: Actor, child_id: int, purpose: str = "") -> Child | None:
    """The child a new referral is about, when the actor may see them and refer. With
    ``purpose`` (a page showing the child), the view is audited."""
    if not policy_for(actor.role).sees_child_data:
        return None
    child = children_visible_to(actor).filter(pk=child_id).first()
    if child is not None and purpose:
        audit_view(
            actor=actor,
            object_type="Child",
            object_id=child.pk,
            child_id=child.pk,
            detail={"purpose": purpose},
        )
    return child


def receiving_orgs(service: str = "") -> list[Organisation]:
    """The teams that take referrals to the service (any service when none is named)."""
    orgs = Organisation.objects.filter(active=True).filter(
        Q(kind=OrgKind.LOCAL_AUTHORITY)
        | Q(
            setting_type__in=[
                SettingType.CHILDRENS_SOCIAL_CARE,
                SettingType.CAMHS,
                SettingType.SEXUAL_HEALTH,
            ]
        )
    )
    services = [service] if service else list(ReferralService.values)
    return [
        org
        for org in orgs.order_by("name")
        if any(
            receiving_org_fits(s, kind=org.kind, setting_type=org.setting_type) for s in services
        )
    ]


def threshold_levels(organisation: Organisation | None) -> dict[str, str]:
    """The levels of the receiving area's threshold document, code to name, in order."""
    return {item.code: item.name for item in protocol_list(THRESHOLD_LIST, area=organisation)}


def threshold_descriptions(organisation: Organisation | None) -> list[tuple[str, str, str]]:
    """(code, name, what it means) for each level, for the form's hints."""
    return [
        (item.code, item.name, item.description)
        for item in protocol_list(THRESHOLD_LIST, area=organisation)
    ]


def receiving_org_by_code(code: str) -> Organisation | None:
    """A receiving team named by its ODS or ONS code (the API's performer)."""
    return Organisation.objects.filter(code=code, active=True).first()


@transaction.atomic
def referrals_by_nhs_number(*, actor: Actor, nhs_number: str, limit: int = 100) -> list[Referral]:
    """Sent referrals about the child with this NHS number that the actor may read (their own,
    or sent to their team), newest first; each one audited as read."""
    rows = list(
        _readable(actor)
        .filter(child__nhs_number=nhs_number)
        .exclude(status=ReferralStatus.DRAFT)
        .select_related("child", "receiving_org", "referrer_org", "voice", "decision")
        .order_by("-sent_at", "-pk")[:limit]
    )
    _audit_list(actor, rows, "fhir-search")
    return rows


def referral_decide_href(task_id: int) -> str:
    """The decision page of the referral an overdue-decision task is about (ids only; the page
    checks who may open it): the task closes with the decision (R-REF-3, ADR 030)."""
    found = Referral.objects.filter(escalation_task_id=task_id).values_list("pk", flat=True).first()
    return "" if found is None else f"/referrals/{found}/decide/"
