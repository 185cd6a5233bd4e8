"""Browser journey for R-REF-2 (with R-VOICE-1): the area's designated nurse allocates the
month's sample of the surgery's referrals to herself, scores one (met, partly met, not met per
heading, with a comment), and sees referral quality and the share of referrals holding the
child's own words by service, as charts with their numbers; the GP sees the feedback on her
referral. Every page is checked with axe-core and must log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.access.actor import actor_for
from seenheard.accounts.models import User
from seenheard.referrals.models import AuditHeading, ReferralQualityAudit
from seenheard.referrals.services import referral_send
from seenheard.referrals.tests.helpers import complete_input
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_designated_nurse_audits_a_referral_and_sees_the_charts(
    page: Page, live_server, noah, console_errors, axe_check
):
    base = live_server.url
    referral_send(
        actor=actor_for(User.objects.get(username="gp")), child_id=noah.pk, data=complete_input()
    )

    # Given the designated nurse allocates this month's sample to herself
    sign_in(page, base, "designated.nurse")
    page.goto(f"{base}/referrals/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality audit of referrals")
    axe_check()
    page.get_by_label("Auditor").select_option(index=1)
    page.get_by_role("button", name="Allocate the sample").click()
    expect(page.get_by_text("1 referrals from")).to_be_visible()

    # When she opens it and saves without scoring, she is told what is missing
    page.get_by_role("link", name="Audit this referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit a referral")
    axe_check()
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose met, partly met or not met."
    )
    axe_check()

    # Then she scores every heading, one partly met with a comment
    for code, label in AuditHeading.choices:
        group = page.get_by_role("group", name=label)
        group.get_by_label("Partly met" if code == "voice" else "Met", exact=True).check()
    page.get_by_label("Comment on the child's own views and wishes").fill(
        "Say how the child's words were heard."
    )
    page.get_by_role("button", name="Save the audit").click()
    expect(page.get_by_text("Your audit has been saved")).to_be_visible()

    # And the results are charts with their numbers
    expect(page.locator("#chart-referral-quality")).to_contain_text("Demo Surgery")
    expect(page.locator("#chart-referral-voice")).to_contain_text("100%")
    axe_check()

    # And the GP sees the feedback on her referral
    audit = ReferralQualityAudit.objects.get()
    sign_in(page, base, "gp")
    page.goto(f"{base}/referrals/{audit.referral_id}/")
    expect(page.locator("main")).to_contain_text("Quality audit feedback")
    expect(page.locator("main")).to_contain_text("Say how the child's words were heard.")
    axe_check()
    assert console_errors == []
