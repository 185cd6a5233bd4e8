"""The quality audit (R-REF-2): a month's sample per referring service, allocated to a named
auditor, scored met / partly / not met per heading with comments; results by service and month;
each referrer sees the feedback on their own referral."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from seenheard.accounts.models import Membership
from seenheard.jobs.models import Notification
from seenheard.referrals.errors import AuditIncomplete, ReferralNotFound
from seenheard.referrals.models import AuditHeading, ReferralQualityAudit
from seenheard.referrals.quality import (
    audits_allocated_to,
    quality_by_service_month,
    referral_audit_allocate,
    referral_audit_score,
)
from seenheard.referrals.rules import audit_sample, audit_score_problems, quality_percent
from seenheard.referrals.selectors import referral_get
from seenheard.referrals.services import referral_send
from seenheard.referrals.tests.helpers import complete_input
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

HEADINGS = list(AuditHeading.values)
ALL_MET = {h: "met" for h in HEADINGS}


def test_the_sample_is_fixed_for_a_service_and_month():
    ids = list(range(1, 40))
    first = audit_sample(ids, size=5, seed="7:2026-11")
    assert first == audit_sample(list(reversed(ids)), size=5, seed="7:2026-11")
    assert len(first) == 5 and set(first) <= set(ids)
    assert audit_sample([3, 1], size=5, seed="x") == [1, 3]
    assert audit_sample(ids, size=5, seed="7:2026-12") != first


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=50), st.integers(0, 10))
def test_the_sample_is_never_larger_than_asked(ids, size):
    assert len(audit_sample(ids, size=size, seed="s")) == min(size, len(ids))


def test_scoring_needs_every_heading_and_a_comment_where_not_met():
    assert audit_score_problems(ALL_MET, {}, "", headings=HEADINGS) == []
    missing = audit_score_problems({}, {}, "", headings=HEADINGS)
    assert [p.field for p in missing] == [f"score-{h}" for h in HEADINGS]
    partly = {**ALL_MET, "voice": "partly"}
    assert [p.field for p in audit_score_problems(partly, {}, "", headings=HEADINGS)] == [
        "comment-voice"
    ]
    assert audit_score_problems(partly, {"voice": "Not in her words."}, "", headings=HEADINGS) == []
    long = audit_score_problems(ALL_MET, {"risk": "x" * 100_000}, "", headings=HEADINGS)
    assert [p.field for p in long] == ["comment-risk"]


def test_quality_percent():
    assert quality_percent([]) is None
    assert quality_percent([ALL_MET]) == 100
    assert quality_percent([{"a": "met", "b": "partly", "c": "not-met", "d": "not-met"}]) == 38


@pytest.fixture
def gp(actor_named):
    return actor_named("gp")


@pytest.fixture
def lead(actor_named):
    """The designated nurse of the GP's area runs the audit of the area's referrals."""
    return actor_named("designated.nurse")


def test_allocate_score_and_see_the_results_and_the_feedback(
    gp, lead, actor_named, noah, client_for
):
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC), tick=False):
        sent = [referral_send(actor=gp, child_id=noah.pk, data=complete_input()) for _ in range(7)]
    auditor = Membership.objects.get(user__username="designated.nurse")
    made = referral_audit_allocate(
        actor=lead, month=dt.date(2026, 11, 1), auditor_membership_id=auditor.pk
    )
    assert len(made) == 5  # the protocol's sample size, of the surgery's 7
    assert {a.service.code for a in made} == {"YDEMO1"}
    # Asked again, the month's sample stands.
    assert (
        referral_audit_allocate(
            actor=lead, month=dt.date(2026, 11, 1), auditor_membership_id=auditor.pk
        )
        == []
    )
    assert Notification.objects.filter(topic="referral-audit-allocated").count() == 1
    assert len(audits_allocated_to(actor=lead)) == 5
    # The auditor reads the referral they were given.
    assert referral_get(actor=lead, referral_id=made[0].referral_id) is not None
    with pytest.raises(AuditIncomplete):
        referral_audit_score(actor=lead, audit_id=made[0].pk, scores={}, comments={})
    referral_audit_score(
        actor=lead,
        audit_id=made[0].pk,
        scores={**ALL_MET, "voice": "partly"},
        comments={"voice": "Say how the child's words were heard, in their own words."},
        summary="A clear referral.",
    )
    with pytest.raises(ReferralNotFound):
        referral_audit_score(actor=lead, audit_id=made[0].pk, scores=ALL_MET, comments={})
    [result] = quality_by_service_month(actor=lead)
    assert (result.service, result.month, result.allocated, result.scored, result.percent) == (
        "Demo Surgery",
        dt.date(2026, 11, 1),
        5,
        1,
        94,
    )
    page = main_text(client_for("gp").get(f"/referrals/{made[0].referral_id}/"))
    assert "Quality audit feedback" in page and "Partly met" in page
    assert "A clear referral." in page
    # Nobody else sees the feedback; a stranger cannot score.
    assert "Quality audit feedback" not in main_text(
        client_for("social.worker").get(f"/referrals/{made[0].referral_id}/")
    )
    with pytest.raises(ReferralNotFound):
        referral_audit_score(
            actor=actor_named("stranger"), audit_id=made[1].pk, scores=ALL_MET, comments={}
        )
    assert len(sent) == 7


def test_only_safeguarding_professionals_allocate(gp, noah):
    referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    mine = Membership.objects.get(user__username="gp")
    with pytest.raises(ReferralNotFound):
        referral_audit_allocate(actor=gp, month=dt.date.today(), auditor_membership_id=mine.pk)
    assert not ReferralQualityAudit.objects.exists()


def test_the_audit_pages(client_for, gp, noah):
    referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    lead = client_for("designated.nurse")
    page = main_text(lead.get("/referrals/audit/"))
    assert "Audit a month's referrals" in page and "Dana Price" in page
    auditor = Membership.objects.get(user__username="designated.nurse")
    month = dt.date.today().strftime("%Y-%m")
    response = lead.post("/referrals/audit/", {"month": month, "auditor": str(auditor.pk)})
    assert response.status_code == 302
    audit = ReferralQualityAudit.objects.get()
    assert "Noah Brennan" in main_text(lead.get("/referrals/audit/"))
    form = main_text(lead.get(f"/referrals/audit/{audit.pk}/"))
    assert "The child&#39;s own views and wishes" in form
    refused = lead.post(f"/referrals/audit/{audit.pk}/", {})
    assert "Choose met, partly met or not met." in main_text(refused)
    done = lead.post(f"/referrals/audit/{audit.pk}/", {f"score-{h}": "met" for h in HEADINGS})
    assert done.status_code == 302
    results = main_text(lead.get("/referrals/audit/"))
    assert "100%" in results
    assert "The child's own words in referrals" in results and "Demo Surgery" in results
    assert 'id="chart-referral-quality"' in results and 'id="chart-referral-voice"' in results
    assert 'role="img"' in results
    assert client_for("stranger").get(f"/referrals/audit/{audit.pk}/").status_code == 404
    assert client_for("gp").post("/referrals/audit/", {"month": month}).status_code == 404
