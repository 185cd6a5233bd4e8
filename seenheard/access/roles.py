"""What each role is for, who may hold it, and what it may do (R-FLAG-10).

Each role is a documented class, like an NHS smartcard role: the docstring says who holds it and
why; the attributes say what it may do. ``policy_for(role)`` is the only way code asks.
"""

from __future__ import annotations

from seenheard.accounts.models import UNSCHEDULED_CARE_SETTINGS, OrgKind, Role, SettingType


class RolePolicy:
    role: Role
    #: Organisation kinds where the role may be held.
    org_kinds: frozenset[OrgKind] = frozenset()
    #: For a care setting: the setting types where it may be held (empty = any).
    setting_types: frozenset[SettingType] = frozenset()
    #: May see identifiable child data at all (through a legitimate relationship).
    sees_child_data: bool = True
    #: May find any child by exact NHS number, or exact family name and date of birth,
    #: without an existing relationship: the demographic trace at registration (R-FLAG-3).
    may_trace_any_child: bool = False
    #: Sees children registered with the actor's GP practice.
    sees_registered_patients: bool = False
    #: Sees children for whom the actor's local authority is responsible.
    sees_la_children: bool = False
    #: Registers attendances at a care setting (R-FLAG-3, R-FLAG-5). Unscheduled care is the
    #: point of the flag; GPs, health visitors, school nurses and the looked-after children's
    #: team register too, and their look-ups are silent reads. Councils and safeguarding leads
    #: do not register.
    registers_attendances: bool = False
    #: Reads the council's inbox of attendances of children on its plans, and sees who looked
    #: at a flag the council holds (R-FLAG-4, R-FLAG-5).
    reads_council_inbox: bool = False
    #: Reviews and ends any risk flag owned by their organisation (or one inside it), not only
    #: their own (R-FLAG-9).
    manages_organisation_risk_flags: bool = False
    #: Ends a risk flag for a child their council is responsible for, when the risk is closed at
    #: a strategy meeting or the child is found (R-FLAG-9).
    ends_council_children_risk_flags: bool = False
    #: May use emergency (break-glass) access with a stated reason.
    may_break_glass: bool = True
    #: Manages staff accounts (and nothing about children).
    manages_accounts: bool = False
    #: Keeps the council's protection flags current (R-FLAG-2).
    manages_flags: bool = False
    #: Sees who has looked at a child's record (the audit view).
    sees_child_audit: bool = False
    #: Sees aggregate figures only.
    sees_figures: bool = False
    #: May raise the shared risk flags (missing, MARAC, FGM, CSE) for a child they can see, and
    #: so own them (R-FLAG-9): the professions that meet children and their risks. Council flag
    #: administrators keep the CP-IS index, not risk judgements; board and system
    #: administrators see no child.
    raises_risk_flags: bool = False
    #: Reviews emergency access used in their organisation, the organisations inside it, and
    #: (at a commissioner) the organisations in its area that have no safeguarding lead.
    reviews_emergency_access: bool = False
    #: Reviews emergency access that no organisation or area has anyone to review, and sees
    #: every grant for which nobody could be named (R-FLAG-10, ADR 020).
    oversees_emergency_access: bool = False
    #: Is "the manager" of the staff of their organisation and those inside it for tasks: an
    #: overdue task escalates to them (R-REF-7, ADR 028; ``access.managers``).
    manages_overdue_tasks: bool = False
    #: Schedules child protection conferences for children they may see and invites the
    #: professionals involved (R-REF-5): the council's social workers.
    schedules_conferences: bool = False
    #: Gives a child a one-time code to tell the service how their care is going, and becomes
    #: the lead professional told at once if the child says they feel unsafe (R-VOICE-2).
    issues_feedback_codes: bool = False
    #: Sees the safeguarding figures of their organisation and area: GP contribution to
    #: conferences (R-REF-5), children's feedback by service (R-VOICE-2). Never a child.
    sees_safeguarding_figures: bool = False
    #: Reads the area's jointly agreed protocol: its numbers and lists (threshold levels, "was
    #: not brought" timescales ...) with who changed each and why (issue 10 item 7).
    reads_area_protocol: bool = False
    #: Changes the area's protocol, each change recorded with who and why: held at the area
    #: itself (the designated professionals at the commissioner or safeguarding partnership,
    #: or the council's lead where there is no commissioner), never at a trust or practice
    #: inside it (``protocols.selectors.protocol_area_changeable_by``).
    changes_area_protocol: bool = False
    #: Reads the area's figures (R-LEAD-4): counts by month for the organisations in the area,
    #: with small numbers held back; never an identifiable child.
    reads_area_figures: bool = False
    #: Reads the detail of a child's SDQs (the answers, the scores, the specialist reviews
    #: they led to) for a child with whom the actor has a relationship of care: the
    #: looked-after children's health team, the child's GP, a clinician with the child on
    #: their caseload (CAMHS, school nursing), the council's social workers. Everyone else who
    #: sees the child sees at most that an SDQ exists (R-OUT-3; ``access.sensitive``).
    reads_sdq_detail: bool = False


class UnscheduledCare(RolePolicy):
    """Receptionist, nurse or doctor in an emergency department, minor injury unit, urgent
    treatment or walk-in centre, GP out-of-hours, sexual health or maternity service. Looks a
    child up at registration and sees the flag at once (R-FLAG-3)."""

    role = Role.UNSCHEDULED_CARE
    org_kinds = frozenset({OrgKind.SETTING})
    # The same list that decides whether an attendance is unscheduled (R-FLAG-5).
    setting_types = frozenset(UNSCHEDULED_CARE_SETTINGS)
    may_trace_any_child = True
    registers_attendances = True
    raises_risk_flags = True
    issues_feedback_codes = True


class GeneralPractitioner(RolePolicy):
    """A GP. Sees the children registered with the practice."""

    role = Role.GP
    org_kinds = frozenset({OrgKind.GP_PRACTICE, OrgKind.SETTING})
    sees_registered_patients = True
    registers_attendances = True
    raises_risk_flags = True
    issues_feedback_codes = True
    reads_sdq_detail = True


class CommunityNurse(RolePolicy):
    """A health visitor or school nurse. Sees the children on the team's caseload."""

    role = Role.COMMUNITY_NURSE
    org_kinds = frozenset({OrgKind.SETTING, OrgKind.NHS_TRUST})
    registers_attendances = True
    raises_risk_flags = True
    issues_feedback_codes = True
    reads_sdq_detail = True


class LookedAfterChildrensNurse(RolePolicy):
    """A nurse in the looked-after children's health team: health assessments, health plans,
    SDQs and passports for the children on the team's caseload (R-OUT)."""

    role = Role.LAC_NURSE
    org_kinds = frozenset({OrgKind.SETTING, OrgKind.NHS_TRUST})
    registers_attendances = True
    raises_risk_flags = True
    issues_feedback_codes = True
    reads_sdq_detail = True


class SafeguardingLead(RolePolicy):
    """A named or designated safeguarding professional. Sees the children known to any part of
    the organisation, who has looked at them, and every use of emergency access (R-FLAG-10)."""

    role = Role.SAFEGUARDING_LEAD
    org_kinds = frozenset(
        {
            OrgKind.NHS_TRUST,
            OrgKind.SETTING,
            OrgKind.GP_PRACTICE,
            OrgKind.LOCAL_AUTHORITY,
            OrgKind.COMMISSIONER,
        }
    )
    sees_child_audit = True
    raises_risk_flags = True
    manages_organisation_risk_flags = True
    reviews_emergency_access = True
    manages_overdue_tasks = True
    issues_feedback_codes = True
    sees_safeguarding_figures = True
    reads_area_protocol = True
    changes_area_protocol = True
    reads_area_figures = True


class AdultServices(RolePolicy):
    """An adult mental-health or substance-misuse practitioner: records the children living
    with or cared for by their service users (Think Family, R-HIDDEN-1)."""

    role = Role.ADULT_SERVICES
    org_kinds = frozenset({OrgKind.SETTING, OrgKind.NHS_TRUST})
    raises_risk_flags = True
    issues_feedback_codes = True


class SocialWorker(RolePolicy):
    """A local-authority social worker (MASH or social work team). Sees the children the council
    is responsible for, which settings they attended and who looked at their flag (R-FLAG-4)."""

    role = Role.SOCIAL_WORKER
    org_kinds = frozenset({OrgKind.LOCAL_AUTHORITY, OrgKind.SETTING})
    sees_la_children = True
    sees_child_audit = True
    raises_risk_flags = True
    reads_council_inbox = True
    ends_council_children_risk_flags = True
    schedules_conferences = True
    issues_feedback_codes = True
    reads_sdq_detail = True


class FlagAdministrator(RolePolicy):
    """A council officer who keeps the council's protection flags current by upload (R-FLAG-2)."""

    role = Role.FLAG_ADMIN
    org_kinds = frozenset({OrgKind.LOCAL_AUTHORITY})
    sees_la_children = True
    manages_flags = True
    reads_council_inbox = True
    may_break_glass = False


class Board(RolePolicy):
    """A board member, commissioner or inspector: figures only, never an identifiable child."""

    role = Role.BOARD
    org_kinds = frozenset(set(OrgKind))
    sees_child_data = False
    may_break_glass = False
    sees_figures = True
    sees_safeguarding_figures = True
    reads_area_protocol = True
    reads_area_figures = True


class SystemAdministrator(RolePolicy):
    """Manages organisations and staff accounts; sees no child data. Whose accounts and API
    tokens they may see, add, issue and revoke depends on where the role is held: at the system
    supplier, everyone's; elsewhere, the staff of their organisation and those inside it
    (``accounts.selectors.organisations_administered_by``)."""

    role = Role.SYSADMIN
    org_kinds = frozenset(set(OrgKind))
    sees_child_data = False
    may_break_glass = False
    manages_accounts = True


class SafeguardingOversight(RolePolicy):
    """Safeguarding oversight for the whole system: a regional or national safeguarding lead
    (NHS England's, say) or the supplier's clinical safety officer. Reviews emergency access
    used where neither the organisation nor its area has a safeguarding professional, and is
    shown every grant for which nobody could be named, so that none goes unreviewed
    (R-FLAG-10, ADR 020). Judges the stated reason; sees no child's record."""

    role = Role.SAFEGUARDING_OVERSIGHT
    org_kinds = frozenset({OrgKind.SUPPLIER, OrgKind.COMMISSIONER})
    sees_child_data = False
    may_break_glass = False
    oversees_emergency_access = True


_POLICIES: dict[Role, type[RolePolicy]] = {
    policy.role: policy
    for policy in (
        UnscheduledCare,
        GeneralPractitioner,
        CommunityNurse,
        LookedAfterChildrensNurse,
        SafeguardingLead,
        AdultServices,
        SocialWorker,
        FlagAdministrator,
        Board,
        SystemAdministrator,
        SafeguardingOversight,
    )
}


def policy_for(role: Role | str) -> type[RolePolicy]:
    return _POLICIES[Role(role)]


def role_may_be_held_at(role: Role | str, *, kind: str, setting_type: str) -> bool:
    policy = policy_for(role)
    if OrgKind(kind) not in policy.org_kinds:
        return False
    if kind == OrgKind.SETTING and policy.setting_types:
        return bool(setting_type) and SettingType(setting_type) in policy.setting_types
    return True


def roles_seeing_child_data() -> tuple[str, ...]:
    """The roles whose policy sees children's records (who may own a task about a child)."""
    return tuple(r.value for r in Role if policy_for(r).sees_child_data)
