"""Referral pages (R-REF-1, R-REF-3): a GP's incomplete referral is refused with what is
missing against each field (its draft kept), a complete one is sent; the council's team sees it,
decides, and the GP sees the decision. Strangers get "not found" everywhere."""

from __future__ import annotations

import html

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.referrals.models import Referral, ReferralDecision, ReferralStatus
from seenheard.referrals.tests.helpers import REQUIRED_PARTS, complete_post
from seenheard.voice.models import ChildVoice
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def send(client, child, **changes):
    return client.post(
        f"/children/{child.pk}/referrals/new/", {**complete_post(**changes), "action": "send"}
    )


def test_the_gp_opens_a_new_referral_form(client_for, noah):
    response = client_for("gp").get(f"/children/{noah.pk}/referrals/new/")
    assert response.status_code == 200
    page = main_text(response)
    assert "Make a referral" in page and "Noah Brennan" in page
    assert "Level 4: child protection (acute needs)" in page
    assert 'name="voice-words"' in page and "Talking Mats" in page
    assert AuditEvent.objects.filter(child_id=noah.pk, object_type="Child").exists()


def test_a_stranger_gets_not_found(client_for, noah):
    response = client_for("stranger").get(f"/children/{noah.pk}/referrals/new/")
    assert response.status_code == 404
    response = send(client_for("stranger"), noah)
    assert response.status_code == 404
    assert not Referral.objects.exists()


def _blank(part: str) -> dict[str, object]:
    if part == "lawful_basis":
        return {"consent": "refused", "lawful_basis": ""}
    if part == "voice-words":
        return {"voice-words": "", "voice-methods": []}
    return {part: ""}


@pytest.mark.parametrize("part", REQUIRED_PARTS)
def test_each_missing_part_is_refused_against_its_field_and_the_draft_kept(client_for, noah, part):
    response = send(client_for("gp"), noah, **_blank(part))
    assert response.status_code == 200
    page = main_text(response)
    assert "You cannot send this referral yet" in page
    assert f'href="#{part}"' in page  # the summary links to the field
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.DRAFT and referral.sent_at is None
    assert not ChildVoice.objects.exists()
    assert f'action="/referrals/{referral.pk}/edit/"' in page


def test_a_threshold_level_not_in_the_areas_document(client_for, noah):
    page = main_text(send(client_for("gp"), noah, threshold_level="level-9"))
    assert "Choose a level from Islington&#39;s threshold document" in page
    assert Referral.objects.get().status == ReferralStatus.DRAFT


def test_a_draft_is_saved_and_comes_back_as_typed(client_for, noah):
    gp = client_for("gp")
    response = gp.post(
        f"/children/{noah.pk}/referrals/new/",
        {"reason": "Bruises seen", "voice-words": "It hurts", "action": "save"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/edit/"
    page = main_text(gp.get(response.url))
    assert "Bruises seen" in page and "It hurts" in page
    # Only its author sees it.
    assert client_for("social.worker").get(f"/referrals/{referral.pk}/edit/").status_code == 404
    assert client_for("social.worker").get(f"/referrals/{referral.pk}/").status_code == 404
    # Then completed and sent from the draft.
    response = gp.post(f"/referrals/{referral.pk}/edit/", {**complete_post(), "action": "send"})
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_complete_referral_is_sent_and_the_council_decides_and_the_gp_sees_it(client_for, noah):
    gp = client_for("gp")
    response = send(gp, noah)
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    page = main_text(gp.get(response.url))
    assert "A decision is due by" in page and "Dad grabbed me" in page
    council = client_for("social.worker")
    incoming = main_text(council.get("/referrals/incoming/"))
    assert "Noah Brennan" in incoming and "Priya Shah" in incoming
    assert "Record the decision" in main_text(council.get(f"/referrals/{referral.pk}/"))
    refused = council.post(f"/referrals/{referral.pk}/decide/", {"outcome": "assessment"})
    assert "Give the reasons for the decision" in main_text(refused)
    assert not ReferralDecision.objects.exists()
    done = council.post(
        f"/referrals/{referral.pk}/decide/",
        {"outcome": "strategy-discussion", "reasons": "Section 47 threshold met."},
    )
    assert done.status_code == 302
    page = main_text(gp.get(f"/referrals/{referral.pk}/"))
    assert "Strategy discussion" in page and "Section 47 threshold met." in page
    assert "Sofia Walsh" in page
    assert "Strategy discussion" in main_text(gp.get("/referrals/"))
    # The GP may not decide; a stranger sees nothing.
    assert gp.get(f"/referrals/{referral.pk}/decide/").status_code == 404
    assert client_for("stranger").get(f"/referrals/{referral.pk}/").status_code == 404
    assert "Noah" not in text(client_for("stranger").get("/referrals/incoming/"))


def test_script_in_every_free_text_field_is_shown_as_text(client_for, noah):
    script = "<script>alert(1)</script>"
    changes = {
        name: script
        for name in (
            "reason",
            "risk_what",
            "working_well",
            "expectation",
            "wider_family",
            "wider_home",
            "wider_school",
            "wider_agencies",
            "lawful_basis",
            "voice-words",
            "voice-communication_needs",
        )
    }
    gp = client_for("gp")
    send(gp, noah, **changes)
    referral = Referral.objects.get(status=ReferralStatus.SENT)
    page = text(gp.get(f"/referrals/{referral.pk}/"))
    assert script not in page
    assert page.count(html.escape(script, quote=False)) + page.count(html.escape(script)) >= 11


def test_100kb_of_free_text_has_a_clear_limit(client_for, noah):
    response = send(client_for("gp"), noah, reason="x" * 100_000)
    assert response.status_code == 200
    assert "must be 8,000 characters or fewer" in main_text(response)
    assert not Referral.objects.exists()
