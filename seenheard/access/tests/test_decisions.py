"""Access decisions that used to be written outside ``access/`` (issue 8, ADR 026), pinned down
where they now live: the role policy (``access.roles``) and the scope (``access.scope``). Pure:
the actor and organisations are built in memory, and nothing here reads the database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import RELATIONSHIP_GRACE_DAYS, council_of, relationship_cutoff
from seenheard.accounts.models import Organisation, OrgKind, Role, SettingType
from seenheard.children.models import Child
from seenheard.encounters.services import registering_setting_problem
from seenheard.flags.models import RiskFlag
from seenheard.flags.risk import RiskFlagAction, risk_flag_may


def _roles_where(attribute: str) -> set[Role]:
    return {role for role in Role if getattr(policy_for(role), attribute)}


def _actor(role: Role, org: Organisation, *, user_id: int = 7) -> Actor:
    return Actor(
        user_id=user_id,
        username="someone",
        name="Some One",
        role=role,
        organisation=org,
        scope=frozenset({org.pk}),
    )


COUNCIL = Organisation(pk=10, code="LA1", name="Council", kind=OrgKind.LOCAL_AUTHORITY)
AE = Organisation(
    pk=20,
    code="AE1",
    name="Emergency department",
    kind=OrgKind.SETTING,
    setting_type=SettingType.EMERGENCY_DEPARTMENT,
)
MASH = Organisation(
    pk=30,
    code="MASH1",
    name="MASH",
    kind=OrgKind.SETTING,
    setting_type=SettingType.CHILDRENS_SOCIAL_CARE,
)


# --- who registers attendances (was encounters.services.REGISTERING_ROLES) -----------------


def test_the_roles_that_register_attendances_are_the_ones_that_did() -> None:
    assert _roles_where("registers_attendances") == {
        Role.UNSCHEDULED_CARE,
        Role.GP,
        Role.COMMUNITY_NURSE,
        Role.LAC_NURSE,
    }


def test_every_role_that_registers_may_see_child_data() -> None:
    assert _roles_where("registers_attendances") <= _roles_where("sees_child_data")


@pytest.mark.parametrize("role", sorted(Role, key=str))
def test_only_registering_roles_at_a_care_setting_may_register(role: Role) -> None:
    problem = registering_setting_problem(_actor(role, AE))
    if policy_for(role).registers_attendances:
        assert problem is None
    else:
        assert problem == (
            "Your role does not register attendances. Ask a member of staff at the setting."
        )


def test_a_registering_role_outside_a_care_setting_is_told_why() -> None:
    problem = registering_setting_problem(_actor(Role.COMMUNITY_NURSE, MASH))
    assert problem is not None and "your organisation is not one" in problem


# --- who reads the council's inbox (was encounters.selectors.COUNCIL_INBOX_ROLES) ----------


def test_the_roles_that_read_the_council_inbox_are_the_ones_that_did() -> None:
    assert _roles_where("reads_council_inbox") == {Role.SOCIAL_WORKER, Role.FLAG_ADMIN}


@pytest.mark.parametrize("role", sorted(Role, key=str))
def test_the_council_of_an_actor_at_a_council_is_that_council_for_inbox_roles_only(
    role: Role,
) -> None:
    found = council_of(_actor(role, COUNCIL))
    assert found is (COUNCIL if role in {Role.SOCIAL_WORKER, Role.FLAG_ADMIN} else None)


def test_a_team_with_no_council_above_it_reads_no_inbox() -> None:
    assert council_of(_actor(Role.SOCIAL_WORKER, MASH)) is None


# --- the relationship grace period (was written in access.rules, access.scope, web) --------


def test_a_relationship_gives_access_for_90_days_after_it_ends() -> None:
    today = dt.date(2026, 3, 31)
    assert RELATIONSHIP_GRACE_DAYS == 90
    assert relationship_cutoff(today) == dt.date(2025, 12, 31)


@given(st.dates(min_value=dt.date(2000, 1, 1)), st.integers(min_value=0, max_value=400))
def test_an_ended_relationship_counts_exactly_while_within_the_grace_period(
    today: dt.date, days_ago: int
) -> None:
    ended_on = today - dt.timedelta(days=days_ago)
    assert (ended_on >= relationship_cutoff(today)) == (days_ago <= RELATIONSHIP_GRACE_DAYS)


# --- who may review or end a risk flag (was role names compared in flags.risk) -------------


def _risk_flag(*, owner_org: Organisation, owner_user_id: int, child_la: int | None) -> RiskFlag:
    child = Child(pk=1, responsible_la_id=child_la)
    return RiskFlag(child=child, owner_org=owner_org, owner_user_id=owner_user_id)


def test_only_safeguarding_leads_manage_every_risk_flag_of_their_organisation() -> None:
    assert _roles_where("manages_organisation_risk_flags") == {Role.SAFEGUARDING_LEAD}
    flag = _risk_flag(owner_org=AE, owner_user_id=99, child_la=None)
    for action in RiskFlagAction:
        assert risk_flag_may(_actor(Role.SAFEGUARDING_LEAD, AE), flag, action)
        assert not risk_flag_may(_actor(Role.UNSCHEDULED_CARE, AE), flag, action)


def test_only_social_workers_end_a_risk_flag_for_a_child_of_their_council() -> None:
    assert _roles_where("ends_council_children_risk_flags") == {Role.SOCIAL_WORKER}
    flag = _risk_flag(owner_org=AE, owner_user_id=99, child_la=COUNCIL.pk)
    social_worker = _actor(Role.SOCIAL_WORKER, COUNCIL)
    assert risk_flag_may(social_worker, flag, RiskFlagAction.END)
    assert not risk_flag_may(social_worker, flag, RiskFlagAction.REVIEW)
    assert not risk_flag_may(_actor(Role.FLAG_ADMIN, COUNCIL), flag, RiskFlagAction.END)


def test_the_owner_may_always_review_and_end_their_own_flag() -> None:
    flag = _risk_flag(owner_org=COUNCIL, owner_user_id=7, child_la=None)
    for action in RiskFlagAction:
        assert risk_flag_may(_actor(Role.GP, AE, user_id=7), flag, action)
