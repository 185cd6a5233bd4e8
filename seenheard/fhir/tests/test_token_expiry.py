"""Bearer tokens expire (ADR 012): a token works until its expiry, and from then on the API
answers exactly as it does for a revoked token, and nothing about the token or the audit trail
changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from seenheard.accounts.models import ApiToken
from seenheard.accounts.services import api_token_issue, api_token_membership
from seenheard.audit.models import AuditEvent
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.fhir.tests.conftest import AMELIA_NHS, NHS, body

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def trace_amelia(token: str) -> Any:
    return Client().get(
        f"/fhir/R4/Patient?identifier={NHS}|{AMELIA_NHS}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_a_new_token_lasts_90_days_unless_asked_otherwise(cast: dict) -> None:
    with time_machine.travel(START, tick=False):
        default = api_token_issue(username="ae.nurse")
        short = api_token_issue(username="ae.nurse", days=7)

    assert default.expires_at == START + dt.timedelta(days=90)
    assert short.expires_at == START + dt.timedelta(days=7)
    assert sorted(ApiToken.objects.values_list("expires_at", flat=True)) == [
        short.expires_at,
        default.expires_at,
    ]


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_token_may_last_only_1_to_365_days(cast: dict, days: int) -> None:
    from seenheard.accounts.errors import AccountError

    with pytest.raises(AccountError, match=f"from 1 to 365 days, not {days}"):
        api_token_issue(username="ae.nurse", days=days)
    assert not ApiToken.objects.exists()


def test_a_token_used_the_day_before_it_expires_works(cast: dict, amelia: Child) -> None:
    with time_machine.travel(START, tick=False):
        issued = api_token_issue(username="ae.nurse")
    day_before = issued.expires_at - dt.timedelta(days=1)

    with time_machine.travel(day_before, tick=False):
        response = trace_amelia(issued.token)

    assert response.status_code == 200
    assert body(response)["total"] == 1
    assert ApiToken.objects.get().last_used_at == day_before


@pytest.mark.parametrize("after", [dt.timedelta(0), dt.timedelta(days=1)])
def test_an_expired_token_is_answered_like_a_revoked_one_and_nothing_changes(
    cast: dict, amelia: Child, after: dt.timedelta
) -> None:
    with time_machine.travel(START, tick=False):
        expiring = api_token_issue(username="ae.nurse", label="expiring")
        revoked = api_token_issue(username="ae.nurse", label="revoked")
        ApiToken.objects.filter(label="revoked").update(revoked_at=clock.now())
        assert trace_amelia(expiring.token).status_code == 200
    token_before = ApiToken.objects.get(label="expiring")
    audit_before = AuditEvent.objects.count()

    with time_machine.travel(expiring.expires_at + after, tick=False):
        refused = trace_amelia(expiring.token)
        like_revoked = trace_amelia(revoked.token)

    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == like_revoked["WWW-Authenticate"]
    assert 'error="invalid_token"' in refused["WWW-Authenticate"]
    outcome = body(refused)
    assert outcome == body(like_revoked)
    assert outcome["resourceType"] == "OperationOutcome"
    diagnostics = outcome["issue"][0]["diagnostics"]
    assert "expired or been revoked" in diagnostics
    assert "Ask your administrator for a new token." in diagnostics
    token_after = ApiToken.objects.get(label="expiring")
    assert (token_after.last_used_at, token_after.revoked_at, token_after.expires_at) == (
        token_before.last_used_at,
        token_before.revoked_at,
        token_before.expires_at,
    )
    assert AuditEvent.objects.count() == audit_before


def test_the_token_user_and_role_are_still_read_in_one_query(
    cast: dict, django_assert_num_queries: Any
) -> None:
    issued = api_token_issue(username="ae.nurse")
    api_token_membership(issued.token)  # the first use records last_used_at

    with django_assert_num_queries(1):
        membership = api_token_membership(issued.token)

    assert membership is not None and membership.user.username == "ae.nurse"
