"""Changes made from the pages that have no other home yet.

Kept keyword-only, typed and atomic, with the audit event in the same transaction (DESIGN
rule 3), so they can move to their domain app unchanged.
"""

from __future__ import annotations

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.models import BreakGlassGrant
from seenheard.accounts.models import Organisation, Role
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_change
from seenheard.core import clock


def break_glass_reviewable_org_codes(actor: Actor) -> list[str]:
    """R-FLAG-10: a safeguarding lead reviews emergency access by anyone in their organisation
    (a trust's lead sees every setting inside the trust). Other roles review nothing."""
    if actor.role != Role.SAFEGUARDING_LEAD:
        return []
    return list(
        Organisation.objects.filter(pk__in=actor.scope_org_ids).values_list("code", flat=True)
    )


@transaction.atomic
def break_glass_review(*, actor: Actor, grant_id: int) -> BreakGlassGrant | None:
    """Mark one emergency access as reviewed by the safeguarding lead (R-FLAG-10).

    None when the grant does not exist or is outside the lead's organisation (the same answer).
    Reviewing twice keeps the first reviewer and time.
    """
    codes = break_glass_reviewable_org_codes(actor)
    grant = (
        BreakGlassGrant.objects.select_for_update().filter(pk=grant_id, org_code__in=codes).first()
    )
    if grant is None:
        return None
    if grant.reviewed_at is None:
        grant.reviewed_at = clock.now()
        grant.reviewed_by = actor.username
        grant.save(update_fields=["reviewed_at", "reviewed_by"])
        audit_change(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="BreakGlassGrant",
            object_id=grant.pk,
            child_id=grant.child_id,
            detail={"reviewed": True, "grant_user": grant.username},
        )
    return grant
