"""Other shared risk flags: missing, MARAC, FGM, CSE (R-FLAG-9)."""

from __future__ import annotations

from seenheard.flags.models import RiskFlag
from seenheard.jobs.services import notification_send


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
