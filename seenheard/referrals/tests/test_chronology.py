"""Referrals and decisions in the child's chronology (issue 9 item 10): seen by anyone who sees
the child, labelled with the referring agency; the link only for those who may read it."""

from __future__ import annotations

import pytest

from seenheard.chronology.selectors import chronology_for
from seenheard.referrals.rules import DecisionInput
from seenheard.referrals.services import referral_decide, referral_send
from seenheard.referrals.tests.helpers import complete_input

pytestmark = pytest.mark.django_db


def test_a_referral_and_its_decision_are_in_the_chronology(actor_named, noah):
    gp, council = actor_named("gp"), actor_named("social.worker")
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    referral_decide(actor=council, referral_id=sent.pk, decision=DecisionInput("assessment", "x"))
    page = chronology_for(actor=gp, child_id=noah.pk)
    assert page is not None
    [event] = [e for e in page.events if e.kind == "Referral"]
    assert event.title == "Referral to Children's social care or MASH (Islington)"
    assert event.agency == "Demo Surgery"
    assert "Decision: Assessment." in event.detail and "Priya Shah" in event.detail
    assert event.href == f"/referrals/{sent.pk}/"
    # The health visitor sees the child and the event, but may not open the referral.
    other = chronology_for(actor=actor_named("hv.nurse"), child_id=noah.pk)
    if other is not None:
        assert all(e.href == "" for e in other.events if e.kind == "Referral")
