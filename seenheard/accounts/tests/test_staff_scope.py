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
from seenheard.accounts.models import Membership, Organisation, User
from seenheard.accounts.selectors import (
    api_token_list,
    memberships_administered_by,
    organisations_administered_by,
    staff_administered_by,
)
from seenheard.accounts.services import api_token_issue, user_add

pytestmark = pytest.mark.django_db

TRUST = {"RDEMO", "RDEMO-ED", "RDEMO-MIU", "RDEMO-SH", "RDEMO-LAC", "RDEMO-HV"}
TRUST_STAFF = {"ae.nurse", "hv.nurse", "lac.nurse", "safeguarding.lead"}


@pytest.fixture
def admin(actor_named: Callable[[str], Actor]) -> Actor:
    """The demo's system administrator, at the system supplier: administers everyone."""
    return actor_named("admin")


@pytest.fixture
def trust_admin(cast: dict, actor_named: Callable[[str], Actor]) -> Actor:
    """A system administrator at Demo Hospitals trust: administers the trust and its settings."""
    user_add(username="rdemo.admin", org_code="RDEMO", role="sysadmin", check_password=False)
    return actor_named("rdemo.admin")


@pytest.fixture
def council_admin(cast: dict, actor_named: Callable[[str], Actor]) -> Actor:
    """A system administrator at Birmingham."""
    user_add(username="bham.admin", org_code="E08000025", role="sysadmin", check_password=False)
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
    assert usernames == TRUST_STAFF | {"rdemo.admin"}
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
