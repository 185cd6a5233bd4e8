"""Whose staff accounts an administrator looks after: one rule for listing and adding accounts
and for API tokens (R-FLAG-10: what a person may do follows their role and organisation).

The system supplier's administrator (and the command line) administers every organisation; a
system administrator anywhere else administers their organisation and those inside it; nobody
else administers any. Adding a member of staff outside that scope is refused as an unknown
organisation is, changing nothing; adding one is audited, whoever adds them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from seenheard.access.actor import Actor
from seenheard.accounts.errors import AccountError
from seenheard.accounts.models import Membership, Organisation, User
from seenheard.accounts.selectors import (
    api_token_list,
    memberships_administered_by,
    organisations_administered_by,
    staff_administered_by,
)
from seenheard.accounts.services import api_token_issue, user_add
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.selectors import audit_chain_verify

pytestmark = pytest.mark.django_db

TRUST = {"RDEMO", "RDEMO-ED", "RDEMO-MIU", "RDEMO-SH", "RDEMO-LAC", "RDEMO-HV"}
TRUST_STAFF = {"ae.nurse", "hv.nurse", "lac.nurse", "named.nurse", "safeguarding.lead"}


@pytest.fixture
def admin(actor_named: Callable[[str], Actor]) -> Actor:
    """The demo's system administrator, at the system supplier: administers everyone."""
    return actor_named("admin")


@pytest.fixture
def trust_admin(actor_named: Callable[[str], Actor]) -> Actor:
    """The demo's system administrator at Demo Hospitals trust: administers the trust and its
    settings."""
    return actor_named("trust.admin")


@pytest.fixture
def council_admin(cast: dict, actor_named: Callable[[str], Actor]) -> Actor:
    """A system administrator at Birmingham."""
    user_add(
        username="bham.admin",
        org_code="E08000025",
        role="sysadmin",
        check_password=False,
        given_name="Sam",
        family_name="Tester",
    )
    return actor_named("bham.admin")


def _codes(actor: Actor) -> set[str]:
    return set(organisations_administered_by(actor=actor).values_list("code", flat=True))


# --- the rule -------------------------------------------------------------------------------


def test_the_supplier_administrator_administers_every_organisation(admin: Actor) -> None:
    assert _codes(admin) == set(Organisation.objects.values_list("code", flat=True))
    assert memberships_administered_by(actor=admin).count() == Membership.objects.count()


def test_a_trust_administrator_administers_the_trust_and_its_settings(
    trust_admin: Actor,
) -> None:
    assert _codes(trust_admin) == TRUST
    usernames = set(
        memberships_administered_by(actor=trust_admin).values_list("user__username", flat=True)
    )
    assert usernames == TRUST_STAFF | {"trust.admin"}
    # The same staff whose API tokens they look after: one rule.
    assert set(staff_administered_by(actor=trust_admin).values_list("username", flat=True)) == (
        usernames
    )


def test_a_council_administrator_administers_only_the_council(council_admin: Actor) -> None:
    assert _codes(council_admin) == {"E08000025"}
    assert set(
        memberships_administered_by(actor=council_admin).values_list("user__username", flat=True)
    ) == {"stranger", "bham.admin"}


@pytest.mark.parametrize("username", ["ae.nurse", "safeguarding.lead", "board", "flag.admin"])
def test_staff_who_do_not_manage_accounts_administer_nothing(
    actor_named: Callable[[str], Actor], username: str
) -> None:
    actor = actor_named(username)
    assert not organisations_administered_by(actor=actor).exists()
    assert not memberships_administered_by(actor=actor).exists()
    assert not staff_administered_by(actor=actor).exists()


def test_another_organisations_code_lists_no_tokens_even_of_staff_administered_elsewhere(
    trust_admin: Actor,
) -> None:
    """A nurse who also works for Birmingham: the trust's administrator sees her token under
    the trust, and nothing under Birmingham's code, exactly as for an unknown code."""
    nurse = User.objects.get(username="ae.nurse")
    Membership.objects.create(
        user=nurse, organisation=Organisation.objects.get(code="E08000025"), role="social-worker"
    )
    api_token_issue(username="ae.nurse", label="ward PC")

    assert [t.label for t in api_token_list(actor=trust_admin, org_code="RDEMO-ED")] == ["ward PC"]
    assert api_token_list(actor=trust_admin, org_code="E08000025") == []
    assert api_token_list(actor=trust_admin, org_code="NOPE1") == []


# --- adding a member of staff ---------------------------------------------------------------


def _state() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def test_a_trust_administrator_adds_staff_at_a_setting_of_the_trust_and_it_is_audited(
    trust_admin: Actor,
) -> None:
    user, password = user_add(
        username="new.nurse",
        org_code="rdemo-ed",
        role="unscheduled-care",
        by=trust_admin,
        given_name="Sam",
        family_name="Tester",
    )

    assert Membership.objects.get(user=user).organisation.code == "RDEMO-ED"
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type="User", object_id=str(user.pk)
    )
    assert (event.actor_username, event.actor_org_code) == ("trust.admin", "RDEMO")
    assert event.detail == {
        "username": "new.nurse",
        "org_code": "RDEMO-ED",
        "role": "unscheduled-care",
    }
    assert password not in str(event.detail)
    assert audit_chain_verify()[1] is None


@pytest.mark.parametrize("code", ["E08000025", "SHDEMO", "YDEMO1"])
def test_a_trust_administrator_cannot_add_staff_elsewhere_and_nothing_changes(
    trust_admin: Actor, code: str
) -> None:
    before = _state()

    with pytest.raises(AccountError) as refused:
        user_add(
            username="new.worker",
            org_code=code,
            role="sysadmin",
            by=trust_admin,
            given_name="Sam",
            family_name="Tester",
        )

    assert refused.value.field == "org"
    assert refused.value.message == (
        f"No organisation you administer has the code {code!r}. You can add staff at Demo "
        "Hospitals NHS Foundation Trust (RDEMO) and the organisations inside it."
    )
    assert _state() == before


def test_another_organisation_is_refused_in_the_words_an_unknown_code_gets(
    trust_admin: Actor,
) -> None:
    messages = []
    for code in ("E08000025", "NOPE1"):
        with pytest.raises(AccountError) as refused:
            user_add(
                username="new.worker",
                org_code=code,
                role="sysadmin",
                by=trust_admin,
                given_name="Sam",
                family_name="Tester",
            )
        messages.append(refused.value.message.replace(code, "CODE"))
    assert messages[0] == messages[1]


def test_staff_who_do_not_manage_accounts_add_nobody(
    actor_named: Callable[[str], Actor],
) -> None:
    before = _state()
    with pytest.raises(AccountError):
        user_add(
            username="new.nurse",
            org_code="RDEMO-ED",
            role="unscheduled-care",
            by=actor_named("safeguarding.lead"),
        )
    assert _state() == before


def test_the_supplier_administrator_adds_staff_anywhere(admin: Actor) -> None:
    user, _ = user_add(
        username="brum.worker",
        org_code="E08000025",
        role="social-worker",
        by=admin,
        given_name="Sam",
        family_name="Tester",
    )
    assert Membership.objects.get(user=user).organisation.code == "E08000025"
    assert AuditEvent.objects.get(object_type="User").actor_username == "admin"


def test_the_command_line_adds_staff_anywhere_and_is_audited_as_the_command_line(
    cast: dict,
) -> None:
    user, _ = user_add(
        username="brum.worker",
        org_code="E08000025",
        role="social-worker",
        given_name="Sam",
        family_name="Tester",
    )
    assert Membership.objects.get(user=user).organisation.code == "E08000025"
    event = AuditEvent.objects.get(object_type="User")
    assert (event.actor_username, event.channel, event.object_id) == (
        "system",
        "cli",
        str(user.pk),
    )


# --- tokens follow the role they act in -----------------------------------------------------


def test_a_token_is_administered_where_its_role_acts_not_where_its_owner_once_worked(
    trust_admin: Actor, council_admin: Actor, admin: Actor
) -> None:
    """A nurse leaves the trust for Birmingham: her token now acts in her Birmingham role, so
    Birmingham's administrator sees and may revoke it, the trust's no longer does (R-FLAG-10);
    the supplier's administrator sees it throughout."""
    api_token_issue(username="ae.nurse", label="ward PC")
    assert [t.label for t in api_token_list(actor=trust_admin)] == ["ward PC"]
    assert api_token_list(actor=council_admin) == []

    nurse = User.objects.get(username="ae.nurse")
    Membership.objects.filter(user=nurse).update(active=False)
    Membership.objects.create(
        user=nurse, organisation=Organisation.objects.get(code="E08000025"), role="social-worker"
    )

    assert api_token_list(actor=trust_admin) == []
    assert [t.label for t in api_token_list(actor=council_admin)] == ["ward PC"]
    assert [t.label for t in api_token_list(actor=admin, username="ae.nurse")] == ["ward PC"]
    with pytest.raises(AccountError):
        api_token_issue(username="ae.nurse", label="another", by=trust_admin)


def test_with_two_active_roles_the_token_belongs_to_the_first_it_acts_in(
    trust_admin: Actor, council_admin: Actor
) -> None:
    """A token acts in its owner's first active role: a later Birmingham role leaves the
    nurse's token with the trust's administrator, not Birmingham's."""
    nurse = User.objects.get(username="ae.nurse")
    Membership.objects.create(
        user=nurse, organisation=Organisation.objects.get(code="E08000025"), role="social-worker"
    )
    api_token_issue(username="ae.nurse", label="ward PC")
    assert [t.label for t in api_token_list(actor=trust_admin)] == ["ward PC"]
    assert api_token_list(actor=council_admin) == []
