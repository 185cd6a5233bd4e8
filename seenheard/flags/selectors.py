"""Looking up a child's flags (R-FLAG-3) and who has looked (R-FLAG-4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import adults_traceable_by, children_traceable_by
from seenheard.accounts.models import Organisation
from seenheard.accounts.selectors import organisations_by_id
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.services import AuditItem, audit_record_many
from seenheard.children.models import Adult, Child
from seenheard.core import clock
from seenheard.core.rawsql import fetch_models, fetch_rows, select_sql
from seenheard.flags.models import (
    PlanType,
    ProtectionFlag,
    RiskFlag,
)
from seenheard.flags.presenters import flag_sentence
from seenheard.flags.rules import FlagState, flag_state
from seenheard.protocols.selectors import protocol_value

FLAG_LOOKUP = "FlagLookup"
#: A look-up of the unborn-child plan held against a mother: it names no child (R-FLAG-4).
MOTHER_FLAG_LOOKUP = "MotherFlagLookup"


@dataclass(frozen=True)
class ShownFlag:
    flag_id: int
    plan_type: PlanType
    state: FlagState
    start_date: dt.date
    end_date: dt.date | None
    expected_delivery_date: dt.date | None
    council_id: int
    council_code: str
    council_name: str
    phone_office_hours: str
    phone_out_of_hours: str

    @property
    def label(self) -> str:
        return PlanType(self.plan_type).label

    @property
    def sentence(self) -> str:
        """The banner's sentence (flags.presenters): open, or ended on its end date."""
        end = self.end_date if self.state != FlagState.OPEN else None
        return flag_sentence(self.plan_type, council=self.council_name, end_date=end)


@dataclass(frozen=True)
class ShownRiskFlag:
    flag_id: int
    flag_type: str
    label: str
    owner_name: str
    owner_org_name: str
    review_on: dt.date


@dataclass(frozen=True)
class FlagBanner:
    """What registration shows at once: open flags, 'previously on a plan', other risk flags.

    For a child; or, with ``mother_id`` and no child, for a pregnant woman, whose only flags are
    the unborn-child plans held against her NHS number."""

    child_id: int | None
    open: list[ShownFlag] = field(default_factory=list)
    previous: list[ShownFlag] = field(default_factory=list)
    risks: list[ShownRiskFlag] = field(default_factory=list)
    mother_id: int | None = None

    @property
    def has_open_flag(self) -> bool:
        return bool(self.open)

    @property
    def is_clear(self) -> bool:
        return not (self.open or self.previous or self.risks)

    @property
    def councils(self) -> list[str]:
        """Every council that holds a plan shown here (open ones first), each once: a child
        placed out of area may have plans with more than one (R-FLAG-2, issue 7)."""
        names: list[str] = []
        for flag in (*self.open, *self.previous):
            if flag.council_name not in names:
                names.append(flag.council_name)
        return names


def _shown(flag: ProtectionFlag, state: FlagState) -> ShownFlag:
    la = flag.la
    return ShownFlag(
        flag_id=flag.pk,
        plan_type=PlanType(flag.plan_type),
        state=state,
        start_date=flag.start_date,
        end_date=flag.end_date,
        expected_delivery_date=flag.expected_delivery_date,
        council_id=la.pk,
        council_code=la.code,
        council_name=la.name,
        phone_office_hours=la.phone_office_hours,
        phone_out_of_hours=la.phone_out_of_hours,
    )


def shown_flag(flag: ProtectionFlag, *, area: Organisation | None = None) -> ShownFlag:
    """One stored flag as the banner shows it today (R-FLAG-1), for the API's responses."""
    months = protocol_value("flag.previously_on_plan_months", area=area)
    state = flag_state(
        start=flag.start_date, end=flag.end_date, today=clock.today(), previously_months=months
    )
    return _shown(flag, state)


def flag_banner_for(
    child: Child,
    *,
    today: dt.date | None = None,
    previously_months: int | None = None,
    has_flags: bool = True,
    has_risks: bool = True,
) -> FlagBanner:
    """The flags to show for a child the caller has already been allowed to see. Not audited
    here: ``flag_lookup`` and registration audit the look-up in their own transaction.

    A caller that already knows the child has no protection flag (``has_flags`` False) or no
    open risk flag (``has_risks`` False), because it asked in the query that found the child
    (as registration does), saves the query that would find none."""
    banner = FlagBanner(child_id=child.pk)
    if has_flags:
        _protection_flags(
            banner, nhs_number=child.nhs_number, today=today, months=previously_months
        )
    if not has_risks:
        return banner
    for risk in RiskFlag.objects.select_related("owner_org").filter(
        child_id=child.pk, ended_at__isnull=True
    ):
        banner.risks.append(
            ShownRiskFlag(
                flag_id=risk.pk,
                flag_type=risk.flag_type,
                label=risk.get_flag_type_display(),
                owner_name=risk.owner_name,
                owner_org_name=risk.owner_org.name,
                review_on=risk.review_on,
            )
        )
    return banner


def mother_flag_banner(
    mother: Adult, *, today: dt.date | None = None, previously_months: int | None = None
) -> FlagBanner:
    """The unborn-child plans held against a woman's NHS number (R-FLAG-1), for a woman the
    caller has already been allowed to trace. Not audited here, as ``flag_banner_for``."""
    banner = FlagBanner(child_id=None, mother_id=mother.pk)
    if mother.nhs_number:
        _protection_flags(
            banner, nhs_number=mother.nhs_number, today=today, months=previously_months
        )
    return banner


_FLAGS_SQL = select_sql(
    ProtectionFlag, "nhs_number = %s AND entered_in_error = %s", order_by="start_date DESC, id"
)


def _protection_flags(
    banner: FlagBanner, *, nhs_number: str, today: dt.date | None, months: int | None
) -> None:
    """Add the plans held against an NHS number to the banner: open, or ended within the
    area's "previously on a plan" months (R-FLAG-1)."""
    today = today or clock.today()
    months = months or protocol_value("flag.previously_on_plan_months")
    # Hand-written (ADR 016): registration reads this for every flagged child. The councils
    # come from the organisations remembered per process (ADR 014), not a join.
    flags = fetch_models(ProtectionFlag, _FLAGS_SQL, [nhs_number, False])
    councils = organisations_by_id({f.la_id for f in flags})
    for flag in flags:
        flag.la = councils[flag.la_id]
        state = flag_state(
            start=flag.start_date, end=flag.end_date, today=today, previously_months=months
        )
        if state == FlagState.OPEN:
            banner.open.append(_shown(flag, state))
        elif state == FlagState.PREVIOUS:
            banner.previous.append(_shown(flag, state))


def flag_lookup_event(banner: FlagBanner, *, purpose: str) -> AuditItem:
    """The audit event for one look-up of a child's flags (R-FLAG-4: who, role, organisation,
    setting and when come from the actor), for callers that write several events at once."""
    detail = {
        "purpose": purpose,
        "open": [f.flag_id for f in banner.open],
        "previous": [f.flag_id for f in banner.previous],
        "risks": [f.flag_id for f in banner.risks],
    }
    if banner.child_id is None:
        return (AuditAction.VIEW, MOTHER_FLAG_LOOKUP, banner.mother_id or "", None, detail)
    return (AuditAction.VIEW, FLAG_LOOKUP, banner.child_id, banner.child_id, detail)


def audit_flag_lookup(*, actor: Actor, banner: FlagBanner, purpose: str) -> None:
    """R-FLAG-4: every look-up of a flag is recorded (who, role, organisation, setting, when)."""
    audit_record_many(actor=actor, items=[flag_lookup_event(banner, purpose=purpose)])


@transaction.atomic
def flag_lookup(*, actor: Actor, child_id: int, purpose: str = "look-up") -> FlagBanner | None:
    """Look up a child's flags: None when the child is not found or not traceable by the actor."""
    child = children_traceable_by(actor).filter(pk=child_id).only("pk", "nhs_number").first()
    if child is None:
        return None
    months = protocol_value("flag.previously_on_plan_months", area=actor.organisation)
    banner = flag_banner_for(child, previously_months=months)
    audit_flag_lookup(actor=actor, banner=banner, purpose=purpose)
    return banner


@transaction.atomic
def mother_flag_lookup(
    *, actor: Actor, nhs_number: str, purpose: str = "look-up"
) -> tuple[Adult, FlagBanner] | None:
    """Look up the unborn-child plans held against a woman's NHS number (R-FLAG-1): None when
    no one the actor may trace has that number. The look-up is audited (R-FLAG-4)."""
    mother = adults_traceable_by(actor).filter(nhs_number=nhs_number).first()
    if mother is None:
        return None
    months = protocol_value("flag.previously_on_plan_months", area=actor.organisation)
    banner = mother_flag_banner(mother, previously_months=months)
    audit_flag_lookup(actor=actor, banner=banner, purpose=purpose)
    return mother, banner


_VIEWS_PAGE = 500


@dataclass(frozen=True)
class FlagView:
    at: dt.datetime
    username: str
    name: str
    role: str
    org_code: str
    org_name: str
    channel: str


_VIEW_FIELDS = (
    "seq",
    "at",
    "actor_username",
    "actor_name",
    "actor_role",
    "actor_org_code",
    "actor_org_name",
    "channel",
)
_VIEW_WHERE = {
    "child": "child_id = %s AND object_type = %s",
    "mother": "object_type = %s AND object_id = %s",
}
# Hand-written (ADR 016): every registration reads the recent views.
_VIEWS_SQL = {
    name: select_sql(
        AuditEvent, where + extra, order_by="seq DESC", limit=_VIEWS_PAGE, fields=_VIEW_FIELDS
    )
    for key, where in _VIEW_WHERE.items()
    for name, extra in ((key, ""), (key + "-before", " AND seq < %s"))
}


def recent_flag_views(
    *,
    child_id: int | None = None,
    mother_id: int | None = None,
    limit: int | None = None,
    repeat_hours: int | None = None,
) -> list[FlagView]:
    """R-FLAG-4: the latest views of a child's flag (or of the unborn-child plan held against
    a mother), newest first; repeat views by the same person within 24 hours (the area's
    protocol) are shown once. The caller has already been allowed to see the person (and
    audits that)."""
    limit = limit or protocol_value("flag.views_shown")
    window = dt.timedelta(hours=repeat_hours or protocol_value("flag.repeat_view_hours"))
    shown: list[FlagView] = []
    last_shown_at: dict[str, dt.datetime] = {}
    if (child_id is None) == (mother_id is None):
        raise ValueError("give exactly one of child_id and mother_id")
    if child_id is not None:
        key, params = "child", [child_id, FLAG_LOOKUP]
    else:
        key, params = "mother", [MOTHER_FLAG_LOOKUP, str(mother_id)]
    before: int | None = None
    while True:
        # Pages walk down the index on (child, type, seq): no OFFSET scans.
        if before is None:
            batch = fetch_rows(AuditEvent, _VIEWS_SQL[key], params, fields=_VIEW_FIELDS)
        else:
            batch = fetch_rows(
                AuditEvent, _VIEWS_SQL[key + "-before"], [*params, before], fields=_VIEW_FIELDS
            )
        for seq, at, username, name, role, org_code, org_name, channel in batch:
            before = seq
            newer = last_shown_at.get(username)
            if newer is not None and newer - at < window:
                continue
            last_shown_at[username] = at
            shown.append(FlagView(at, username, name, role, org_code, org_name, channel))
            if len(shown) >= limit:
                return shown
        if len(batch) < _VIEWS_PAGE:
            return shown


def flag_holder(
    *, flag_id: int | None = None, risk_flag_id: int | None = None
) -> tuple[int | None, int | None]:
    """Whom a flag is held against, as ids: (child id, mother id), (None, None) when there is
    no such flag. It names nobody: the caller then reads the person through the access rules
    (child_get, adults_traceable_by), which decide whether the flag may be shown."""
    if risk_flag_id is not None:
        child_id = (
            RiskFlag.objects.filter(pk=risk_flag_id).values_list("child_id", flat=True).first()
        )
        return child_id, None
    if flag_id is None:
        return None, None
    row = ProtectionFlag.objects.filter(pk=flag_id).values_list("child_id", "mother_id").first()
    return row if row is not None else (None, None)
