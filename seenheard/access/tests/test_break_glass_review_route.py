"""Every emergency access reaches a named reviewer (R-FLAG-10, issue 7 section 2, ADR 020).

The rule itself is pure and tested first; then one test per kind of organisation, through the
service, checking who is told (inbox), who sees it on their review list, and what the grant
says: an organisation with a safeguarding lead; a practice with none but an area with a
designated professional (the ``gp`` at Demo Surgery from the issue); an organisation with no
lead and no area (the system's oversight); and nobody at all.
"""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.access.models import BreakGlassGrant, BreakGlassReviewRoute
from seenheard.access.rules import break_glass_review_route
from seenheard.access.selectors import break_glass_grants_for_review, break_glass_reviewers_for
from seenheard.access.services import break_glass_grant, break_glass_review
from seenheard.accounts.models import Membership, Organisation, Role, User
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.jobs.models import Notification

REASON = "Brought in unconscious by ambulance, no adult with him."
NOAH = "999 000 0034"


# --- the rule -------------------------------------------------------------------------------


def test_the_organisations_lead_comes_first():
    route = break_glass_review_route(
        organisation_leads=["lead"], area_designated=["nurse"], system_oversight=["oversight"]
    )
    assert route.route == BreakGlassReviewRoute.ORGANISATION
    assert route.reviewers == ("lead",)


def test_without_a_lead_the_areas_designated_professional_reviews():
    route = break_glass_review_route(
        organisation_leads=[], area_designated=["nurse", "doctor"], system_oversight=["o"]
    )
    assert route.route == BreakGlassReviewRoute.AREA
    assert route.reviewers == ("nurse", "doctor")


def test_without_a_lead_or_an_area_professional_the_systems_oversight_reviews():
    route = break_glass_review_route(
        organisation_leads=[], area_designated=[], system_oversight=["oversight"]
    )
    assert route.route == BreakGlassReviewRoute.SYSTEM
    assert route.reviewers == ("oversight",)


def test_with_nobody_at_all_the_route_says_so():
    route = break_glass_review_route(organisation_leads=[], area_designated=[], system_oversight=[])
    assert route.route == BreakGlassReviewRoute.NONE
    assert route.reviewers == ()


# --- one test per kind of organisation ------------------------------------------------------


def _told(username: str) -> list[Notification]:
    user = User.objects.get(username=username)
    return list(Notification.objects.filter(recipient_user_id=user.pk, topic="break-glass"))


def _reviews(actor_named, username: str) -> list[BreakGlassGrant]:
    return list(break_glass_grants_for_review(actor_named(username)))


REVIEWERS = ("safeguarding.lead", "designated.nurse", "safeguarding.oversight")


def _only_told(expected: str | None) -> None:
    for username in REVIEWERS:
        assert bool(_told(username)) == (username == expected), username


def test_a_trust_with_a_safeguarding_lead_reports_to_its_lead(ae_nurse, actor_named):
    grant = break_glass_grant(actor=ae_nurse, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.ORGANISATION
    assert grant.reviewer_names == "Sam Gordon"
    _only_told("safeguarding.lead")
    assert _told("safeguarding.lead")[0].link == "/emergency-access/"
    assert _reviews(actor_named, "safeguarding.lead") == [grant]
    assert _reviews(actor_named, "designated.nurse") == []
    assert _reviews(actor_named, "safeguarding.oversight") == []
    oversight = actor_named("safeguarding.oversight")
    assert break_glass_review(actor=oversight, grant_id=grant.pk) is None


def test_gp_at_demo_surgery_reports_to_the_areas_designated_nurse(actor_named):
    """The case from the issue: a practice with no safeguarding lead and no parent."""
    gp = actor_named("gp")
    grant = break_glass_grant(actor=gp, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.AREA
    assert grant.reviewer_org_code == "QDEMO"
    assert grant.reviewer_names == "Dana Price"
    _only_told("designated.nurse")
    note = _told("designated.nurse")[0]
    assert note.link == "/emergency-access/"
    assert "Priya Shah (GP, Demo Surgery)" in note.body
    assert "designated professional" in note.body
    assert _reviews(actor_named, "designated.nurse") == [grant]
    assert _reviews(actor_named, "safeguarding.lead") == []
    # The designated nurse may mark it reviewed; the trust's lead may not.
    assert break_glass_review(actor=actor_named("safeguarding.lead"), grant_id=grant.pk) is None
    reviewed = break_glass_review(actor=actor_named("designated.nurse"), grant_id=grant.pk)
    assert reviewed is not None
    assert reviewed.reviewed_by_name == "Dana Price"


def test_a_setting_inside_a_trust_without_leads_takes_the_trusts_area(cast, actor_named):
    Membership.objects.filter(role=Role.SAFEGUARDING_LEAD, organisation__code="RDEMO").update(
        active=False
    )
    grant = break_glass_grant(actor=actor_named("ae.nurse"), nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.AREA
    _only_told("designated.nurse")


def test_no_lead_and_no_area_reports_to_the_systems_oversight(stranger, actor_named):
    # Birmingham (the stranger's council) has no safeguarding lead and is in no area.
    grant = break_glass_grant(actor=stranger, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.SYSTEM
    assert grant.reviewer_names == "Olu Bankole"
    _only_told("safeguarding.oversight")
    assert _told("safeguarding.oversight")[0].link == "/emergency-access/oversight/"
    assert _reviews(actor_named, "safeguarding.oversight") == [grant]
    assert _reviews(actor_named, "safeguarding.lead") == []
    assert _reviews(actor_named, "designated.nurse") == []


def test_nobody_at_all_the_grant_says_so_and_oversight_finds_it_later(stranger, actor_named):
    oversight = Membership.objects.get(user__username="safeguarding.oversight")
    oversight.active = False
    oversight.save()
    grant = break_glass_grant(actor=stranger, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.NONE
    assert grant.reviewer_names == ""
    assert not Notification.objects.filter(topic="break-glass").exists()
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS, child_id=grant.child_id)
    assert event.detail["review_route"] == "none"
    assert event.detail["reviewers"] == []
    # Whoever takes up oversight afterwards finds it on their list.
    oversight.active = True
    oversight.save()
    assert _reviews(actor_named, "safeguarding.oversight") == [grant]


def test_a_trusts_only_lead_does_not_review_her_own_access(actor_named):
    """Found by the access matrix (issue 7, keep it fixed): Sam Gordon, the trust's only
    safeguarding lead, used emergency access and was its only reviewer, able to mark her own
    access reviewed. Nobody reviews their own: it goes to the next route, the area's
    designated nurse, and is not on her own list."""
    lead = actor_named("safeguarding.lead")
    grant = break_glass_grant(actor=lead, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.AREA
    assert grant.reviewer_names == "Dana Price"
    _only_told("designated.nurse")
    assert "no other safeguarding lead" in _told("designated.nurse")[0].body
    assert _reviews(actor_named, "safeguarding.lead") == []
    assert break_glass_review(actor=lead, grant_id=grant.pk) is None
    assert break_glass_review(actor=actor_named("designated.nurse"), grant_id=grant.pk)


def test_the_areas_designated_nurse_does_not_review_her_own_access(actor_named):
    """The board's only designated professional's own access goes to the system's oversight."""
    nurse = actor_named("designated.nurse")
    grant = break_glass_grant(actor=nurse, nhs_number=NOAH, reason=REASON)
    assert grant.review_route == BreakGlassReviewRoute.SYSTEM
    assert grant.reviewer_names == "Olu Bankole"
    _only_told("safeguarding.oversight")
    assert _reviews(actor_named, "designated.nurse") == []
    assert break_glass_review(actor=nurse, grant_id=grant.pk) is None
    assert _reviews(actor_named, "safeguarding.oversight") == [grant]


def test_a_lead_with_a_colleague_is_reviewed_by_the_colleague(cast, actor_named):
    colleague = User.objects.create_user(
        username="second.lead", first_name="Ola", last_name="Bisi", email="ola@demo.example"
    )
    Membership.objects.create(
        user=colleague, organisation=cast["RDEMO"], role=Role.SAFEGUARDING_LEAD
    )
    grant = break_glass_grant(
        actor=actor_named("safeguarding.lead"), nhs_number=NOAH, reason=REASON
    )
    assert grant.review_route == BreakGlassReviewRoute.ORGANISATION
    assert grant.reviewer_names == "Ola Bisi"
    assert _reviews(actor_named, "second.lead") == [grant]
    assert _reviews(actor_named, "safeguarding.lead") == []


def test_the_form_says_the_leads_own_access_goes_past_her(client, actor_named):
    client.force_login(User.objects.get(username="safeguarding.lead"))
    page = client.get("/children/emergency-access/").content.decode()
    assert "no other safeguarding lead" in page
    assert "Dana Price" in page


def test_reviewers_are_found_only_among_active_staff(cast):
    User.objects.filter(username="designated.nurse").update(is_active=False)
    route = break_glass_reviewers_for(Organisation.objects.get(code="YDEMO1"))
    assert route.route == BreakGlassReviewRoute.SYSTEM


def test_an_area_without_a_designated_professional_falls_to_oversight(cast):
    Membership.objects.filter(user__username="designated.nurse").delete()
    route = break_glass_reviewers_for(Organisation.objects.get(code="YDEMO1"))
    assert route.route == BreakGlassReviewRoute.SYSTEM


@pytest.mark.parametrize("username", ["ae.nurse", "gp", "social.worker", "board", "admin"])
def test_roles_that_review_nothing_have_no_review_list(actor_named, ae_nurse, username):
    break_glass_grant(actor=ae_nurse, nhs_number=NOAH, reason=REASON)
    assert _reviews(actor_named, username) == []


def test_grants_before_the_review_window_are_left_off(ae_nurse, actor_named):
    grant = break_glass_grant(actor=ae_nurse, nhs_number=NOAH, reason=REASON)
    later = grant.granted_at + dt.timedelta(seconds=1)
    assert list(break_glass_grants_for_review(actor_named("safeguarding.lead"), since=later)) == []
