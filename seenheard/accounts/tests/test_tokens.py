"""Listing and revoking API tokens (ADR 012), and the audit trail of issuing and revoking them.

Who may revoke follows role and organisation (R-FLAG-10): a system administrator of the token
owner's organisation (or one above it), or the system supplier's. Bad input gets a clear,
specific error and changes nothing (REQUIREMENTS.md, "What every part must also be").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from seenheard.access.actor import Actor
from seenheard.accounts.errors import AccountError
from seenheard.accounts.models import ApiToken, ApiTokenStatus
from seenheard.accounts.selectors import api_token_get, api_token_list
from seenheard.accounts.services import (
    api_token_issue,
    api_token_revoke,
    user_add,
)
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.selectors import audit_chain_verify
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def trace_amelia(token: str) -> Any:
    return Client().get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


@pytest.fixture
def admin(actor_named: Callable[[str], Actor]) -> Actor:
    """The demo's system administrator, at the system supplier: administers everyone."""
    return actor_named("admin")


@pytest.fixture
def trust_admin(cast: dict, actor_named: Callable[[str], Actor]) -> Actor:
    """A system administrator at Demo Hospitals trust: administers its settings' staff."""
    user_add(
        username="rdemo.admin",
        org_code="RDEMO",
        role="sysadmin",
        check_password=False,
        given_name="Sam",
        family_name="Tester",
    )
    return actor_named("rdemo.admin")


@pytest.fixture
def other_admin(cast: dict, actor_named: Callable[[str], Actor]) -> Actor:
    """A system administrator at Birmingham: administers none of the trust's staff."""
    user_add(
        username="bham.admin",
        org_code="E08000025",
        role="sysadmin",
        check_password=False,
        given_name="Sam",
        family_name="Tester",
    )
    return actor_named("bham.admin")


def _state() -> tuple[list[tuple[int, Any, Any]], int]:
    tokens = list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at", "last_used_at"))
    return tokens, AuditEvent.objects.count()


# --- listing --------------------------------------------------------------------------------


def test_the_list_shows_each_tokens_status(cast: dict, admin: Actor) -> None:
    with time_machine.travel(START - dt.timedelta(days=10), tick=False):
        api_token_issue(username="ae.nurse", label="expired", days=5)
    with time_machine.travel(START, tick=False):
        api_token_issue(username="ae.nurse", label="active")
        api_token_issue(username="ae.nurse", label="soon", days=14)
        api_token_issue(username="lac.nurse", label="revoked")
        api_token_revoke(
            token_id=ApiToken.objects.get(label="revoked").pk, by=admin, reason="Left the trust"
        )
        rows = api_token_list(actor=admin)

    by_label = {r.label: r for r in rows}
    assert {label: r.status for label, r in by_label.items()} == {
        "expired": ApiTokenStatus.EXPIRED,
        "active": ApiTokenStatus.ACTIVE,
        "soon": ApiTokenStatus.ACTIVE,
        "revoked": ApiTokenStatus.REVOKED,
    }
    assert [label for label, r in by_label.items() if r.expires_soon] == ["soon"]
    assert [r.username for r in rows] == ["ae.nurse"] * 3 + ["lac.nurse"]
    assert by_label["active"].owner_name == "Alex Reid"
    assert by_label["active"].last_used_at is None


def test_a_token_expires_soon_from_14_days_before_its_expiry(cast: dict, admin: Actor) -> None:
    with time_machine.travel(START, tick=False):
        issued = api_token_issue(username="ae.nurse", days=30)
    token_id = ApiToken.objects.get().pk
    with time_machine.travel(issued.expires_at - dt.timedelta(days=14, seconds=1), tick=False):
        assert not api_token_get(actor=admin, token_id=token_id).expires_soon  # type: ignore[union-attr]
    with time_machine.travel(issued.expires_at - dt.timedelta(days=14), tick=False):
        assert api_token_get(actor=admin, token_id=token_id).expires_soon  # type: ignore[union-attr]
    with time_machine.travel(issued.expires_at, tick=False):
        row = api_token_get(actor=admin, token_id=token_id)
        assert row is not None and row.status == ApiTokenStatus.EXPIRED and not row.expires_soon


def test_the_list_never_holds_the_token_or_its_digest(cast: dict, admin: Actor) -> None:
    issued = api_token_issue(username="ae.nurse", label="rig")
    (row,) = api_token_list(actor=admin, username="ae.nurse")
    digest = ApiToken.objects.get().digest
    assert issued.token not in repr(row)
    assert digest not in repr(row)


def test_an_organisations_administrator_lists_only_its_staffs_tokens(
    cast: dict, trust_admin: Actor, other_admin: Actor
) -> None:
    for username in ("ae.nurse", "safeguarding.lead", "stranger", "social.worker"):
        api_token_issue(username=username)
    assert [r.username for r in api_token_list(actor=trust_admin)] == [
        "ae.nurse",
        "safeguarding.lead",
    ]
    assert [r.username for r in api_token_list(actor=other_admin)] == ["stranger"]


@pytest.mark.parametrize("username", ["stranger", "safeguarding.lead", "board"])
def test_staff_who_do_not_manage_accounts_list_no_tokens(
    cast: dict, actor_named: Callable[[str], Actor], username: str
) -> None:
    api_token_issue(username="ae.nurse")
    api_token_issue(username=username)
    actor = actor_named(username)
    assert api_token_list(actor=actor) == []
    assert api_token_get(actor=actor, token_id=ApiToken.objects.first().pk) is None  # type: ignore[union-attr]


# --- revoking -------------------------------------------------------------------------------


def test_revoking_stops_the_token_working_on_the_fhir_api(
    cast: dict, amelia: Any, admin: Actor
) -> None:
    issued = api_token_issue(username="ae.nurse", label="ward PC")
    kept = api_token_issue(username="ae.nurse", label="other system")
    assert trace_amelia(issued.token).status_code == 200
    token_id = ApiToken.objects.get(label="ward PC").pk

    api_token_revoke(token_id=token_id, by=admin, reason="Ward PC stolen")

    refused = trace_amelia(issued.token)
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused["WWW-Authenticate"]
    assert trace_amelia(kept.token).status_code == 200  # only that token stops
    assert api_token_get(actor=admin, token_id=token_id).status == ApiTokenStatus.REVOKED  # type: ignore[union-attr]


def test_revoking_is_audited_with_who_why_and_which_token(cast: dict, admin: Actor) -> None:
    issued = api_token_issue(username="ae.nurse", label="ward PC")
    token = ApiToken.objects.get()

    api_token_revoke(token_id=token.pk, by=admin, reason="  Ward PC stolen ")

    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="ApiToken")
    assert (event.actor_username, event.actor_role, event.actor_org_code) == (
        "admin",
        "sysadmin",
        "SHDEMO",
    )
    assert event.object_id == str(token.pk)
    assert event.child_id is None
    assert event.detail == {
        "change": "revoked",
        "username": "ae.nurse",
        "label": "ward PC",
        "reason": "Ward PC stolen",
    }
    assert issued.token not in str(event.detail) and token.digest not in str(event.detail)
    assert audit_chain_verify()[1] is None


def test_issuing_is_audited_without_the_token(cast: dict) -> None:
    with time_machine.travel(START, tick=False):
        issued = api_token_issue(username="ae.nurse", label="ward PC", days=30)
    token = ApiToken.objects.get()

    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="ApiToken")
    assert (event.actor_username, event.channel) == ("system", "cli")  # the command line
    assert event.object_id == str(token.pk)
    assert event.detail == {
        "username": "ae.nurse",
        "label": "ward PC",
        "expires_at": (START + dt.timedelta(days=30)).isoformat(),
    }
    assert issued.token not in str(event.detail) and token.digest not in str(event.detail)


def test_an_organisations_administrator_revokes_its_staffs_token(
    cast: dict, trust_admin: Actor
) -> None:
    issued = api_token_issue(username="ae.nurse")  # at the trust's emergency department
    api_token_revoke(
        token_id=ApiToken.objects.get().pk, by=trust_admin, reason="Moved to another trust"
    )
    assert trace_amelia(issued.token).status_code == 401
    assert AuditEvent.objects.filter(
        actor_username="rdemo.admin", object_type="ApiToken", action=AuditAction.UPDATE
    ).exists()


@pytest.mark.parametrize(
    "who", ["stranger", "safeguarding.lead", "ae.nurse", "other_admin", "trust_admin"]
)
def test_revoking_is_refused_to_anyone_who_does_not_administer_the_owner(
    cast: dict,
    amelia: Any,
    actor_named: Callable[[str], Actor],
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    # The trust's administrator does not administer Islington's social worker either.
    issued = api_token_issue(username="social.worker" if who == "trust_admin" else "ae.nurse")
    token_id = ApiToken.objects.get().pk
    actor = request.getfixturevalue(who) if who.endswith("admin") else actor_named(who)
    before = _state()

    with pytest.raises(AccountError) as refused:
        api_token_revoke(token_id=token_id, by=actor, reason="Because I can")

    # The same words as for a token that does not exist: nothing learnt about it.
    assert refused.value.message == f"No API token has the id {token_id}."
    assert _state() == before
    if who != "trust_admin":
        assert trace_amelia(issued.token).status_code == 200


@pytest.mark.parametrize(
    ("case", "reason", "field", "message"),
    [
        ("unknown", "Left", "token_id", "No API token has the id {missing}."),
        ("active", "", "reason", "Give the reason for revoking the token"),
        ("active", "   \n ", "reason", "Give the reason for revoking the token"),
        ("active", "x" * 1001, "reason", "The reason must be 1,000 characters or fewer."),
        ("revoked", "Again", "token_id", "API token {id} was already revoked on 2 March 2026"),
    ],
    ids=["unknown-id", "empty-reason", "blank-reason", "reason-too-long", "already-revoked"],
)
def test_bad_input_is_refused_plainly_and_changes_nothing(
    cast: dict, amelia: Any, admin: Actor, case: str, reason: str, field: str, message: str
) -> None:
    issued = api_token_issue(username="ae.nurse")
    token = ApiToken.objects.get()
    if case == "revoked":
        with time_machine.travel(START, tick=False):
            api_token_revoke(token_id=token.pk, by=admin, reason="Lost")
    token_id = token.pk + 1 if case == "unknown" else token.pk
    before = _state()

    with pytest.raises(AccountError) as refused:
        api_token_revoke(token_id=token_id, by=admin, reason=reason)

    assert refused.value.field == field
    assert refused.value.message.startswith(message.format(missing=token_id, id=token.pk))
    assert _state() == before
    if case != "revoked":
        assert trace_amelia(issued.token).status_code == 200


def test_the_command_line_revokes_any_token(cast: dict) -> None:
    issued = api_token_issue(username="stranger")
    api_token_revoke(token_id=ApiToken.objects.get().pk, by=None, reason="Reported lost")
    assert trace_amelia(issued.token).status_code == 401
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="ApiToken")
    assert (event.actor_username, event.channel) == ("system", "cli")


def test_an_administrator_issues_tokens_only_to_staff_they_administer(
    cast: dict, trust_admin: Actor
) -> None:
    api_token_issue(username="ae.nurse", by=trust_admin)
    with pytest.raises(AccountError, match="No active user has the username 'stranger'"):
        api_token_issue(username="stranger", by=trust_admin)
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["ae.nurse"]
    assert AuditEvent.objects.get(object_type="ApiToken").actor_username == "rdemo.admin"
