"""What registering an attendance shows and records, whoever attended (R-FLAG-3, R-FLAG-4,
R-FLAG-6): the ``Registration`` the pages and the API answer with, the same request shown again
(ADR 010), and the audit events written last (the chain's head stays locked from the first
event until the commit, so they come at the very end)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from seenheard.access.actor import Actor
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.encounters.errors import RequestKeyReused
from seenheard.encounters.models import Encounter
from seenheard.encounters.rules import council_is_notified, months_before
from seenheard.encounters.selectors import attendances_since
from seenheard.flags.inbox.services import council_alerts_raise
from seenheard.flags.selectors import (
    FlagBanner,
    FlagView,
    audit_flag_lookup,
    flag_banner_for,
    flag_lookup_event,
    mother_flag_banner,
    recent_flag_views,
)
from seenheard.tasks.models import Task

ATTENDANCES_SHOWN_MONTHS = 12

#: The protocol values registration needs, read in one query.
REGISTRATION_KEYS = (
    "attendance.frequent_threshold",
    "attendance.frequent_window_months",
    "sexual_health.flag_under_age",
    "flag.views_shown",
    "flag.repeat_view_hours",
    "flag.previously_on_plan_months",
    "attendance.repeat_minutes",
)


#: The refusals live in ``encounters.errors`` (ADR 025); these names stay importable from here.


@dataclass(frozen=True)
class Registration:
    """What the registering member of staff sees at once (R-FLAG-3, R-FLAG-4, R-FLAG-6)."""

    encounter: Encounter
    #: The child who attended; None when a pregnant woman was registered (``mother``).
    child: Child | None
    banner: FlagBanner
    #: Who looked at this child's flag before this registration, newest first (R-FLAG-4).
    recent_views: list[FlagView]
    #: The child's attendances at every setting in the last 12 months, newest first (R-FLAG-6),
    #: including this one.
    attendances: list[Encounter]
    #: Councils told about this attendance (R-FLAG-5), by name.
    notified_councils: list[str] = field(default_factory=list)
    #: The frequent-attendance review this attendance created or was added to.
    review: Task | None = None
    review_created: bool = False
    #: Unscheduled-care attendances in the area's review window, this one included.
    unscheduled_in_window: int = 0
    review_window_months: int = 12
    #: The sexual-health safeguarding task raised for this attendance (R-FLAG-8).
    sexual_health_task: Task | None = None
    #: How many risk-flag owners were told the child was seen (R-FLAG-9).
    risk_owners_told: int = 0
    #: True when the same request was sent again: nothing new was registered or notified.
    repeated: bool = False
    #: True when this unscheduled attendance came within the area's ``attendance.repeat_minutes``
    #: of one at the same setting, so it does not count again towards frequent attendance.
    counted_with_earlier: bool = False
    #: The pregnant woman who attended, when the unborn-child plans held against her NHS
    #: number are what registration looked up (R-FLAG-1); None for a child.
    mother: Adult | None = None

    @property
    def nhs_number(self) -> str:
        person = self.child or self.mother
        return (person.nhs_number or "") if person is not None else ""

    @property
    def full_name(self) -> str:
        person = self.child or self.mother
        return person.full_name if person is not None else ""


def earlier_registration(
    *, actor: Actor, request_key: str, child_id: int | None = None, mother_id: int | None = None
) -> Encounter | None:
    """The attendance this request key already registered (ADR 010), or None. A key that
    registered someone else is refused (RequestKeyReused)."""
    if not request_key:
        return None
    earlier = Encounter.objects.filter(
        registered_by_user_id=actor.user_id, request_key=request_key
    ).first()
    if earlier is None:
        return None
    if (earlier.child_id, earlier.mother_id) != (child_id, mother_id):
        raise RequestKeyReused("child" if child_id is not None else "person")
    return earlier


def registration_audit(
    *,
    actor: Actor,
    banner: FlagBanner,
    encounter: Encounter,
    notified: list[str],
    **detail: object,
) -> None:
    """The look-up of the flags and the new attendance (R-FLAG-4), in one append: the chain's
    head is locked once, from here until the commit."""
    registered = {
        "setting": encounter.setting.code,
        "unscheduled": encounter.unscheduled,
        "started_at": encounter.started_at.isoformat(),
        "councils_notified": notified,
        **detail,
    }
    audit_record_many(
        actor=actor,
        items=[
            flag_lookup_event(banner, purpose="registration"),
            (AuditAction.CREATE, "Encounter", encounter.pk, encounter.child_id, registered),
        ],
    )


def registration_repeated(
    *, actor: Actor, encounter: Encounter, child: Child | None = None, mother: Adult | None = None
) -> Registration:
    """The same registration sent again: show it as it stands now (the look-up is a new view of
    the flag, so it is audited), registering and notifying nothing."""
    today = timezone.localdate(encounter.started_at)
    since = months_before(clock.now(), ATTENDANCES_SHOWN_MONTHS)
    if child is not None:
        banner = flag_banner_for(child, today=today)
        attendances = attendances_since(child_id=child.pk, since=since)
        views = recent_flag_views(child_id=child.pk)
    else:
        assert mother is not None
        banner = mother_flag_banner(mother, today=today)
        attendances = attendances_since(mother_id=mother.pk, since=since)
        views = recent_flag_views(mother_id=mother.pk)
    audit_flag_lookup(actor=actor, banner=banner, purpose="registration-repeated")
    return Registration(
        encounter=encounter,
        child=child,
        mother=mother,
        banner=banner,
        recent_views=views,
        attendances=attendances,
        repeated=True,
    )


def councils_told(*, actor: Actor, banner: FlagBanner, encounter: Encounter) -> list[str]:
    """R-FLAG-5: the councils holding an open plan, told of an unscheduled attendance (the
    council's inbox and an e-mail naming no child); by name."""
    setting = actor.organisation
    if not council_is_notified(
        unscheduled_setting=setting.is_unscheduled_care, has_open_flag=banner.has_open_flag
    ):
        return []
    return council_alerts_raise(banner=banner, encounter=encounter, setting=setting, actor=actor)
