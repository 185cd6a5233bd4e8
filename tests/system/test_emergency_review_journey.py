"""Browser journeys for issue 7 (R-FLAG-10, ADR 020): emergency access at a practice with no
safeguarding lead reaches the area's designated nurse; access with nobody to review it is on
the oversight page; and one click on the header's Sign out signs out. Every page is checked
with axe-core and must log no console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.accounts.models import Membership
from tests.system.helpers import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gps_emergency_access_is_reviewed_by_the_areas_designated_nurse(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    # Given the GP at Demo Surgery, which has no safeguarding lead
    sign_in(page, base, "gp")
    page.goto(f"{base}/children/emergency-access/")
    expect(page.get_by_text(re.compile(r"designated professional for your area"))).to_be_visible()
    axe_check()
    # When she uses emergency access with a reason
    page.get_by_label("Child's NHS number").fill("999 000 0034")
    page.get_by_label("Why do you need this record now?").fill(
        "Noah collapsed in the surgery; need his plan and his council."
    )
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noah Brennan")
    expect(page.get_by_text(re.compile(r"designated safeguarding professional"))).to_be_visible()
    axe_check()
    # Then one click on Sign out signs her out
    sign_out(page)
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))

    # And the integrated care board's designated nurse has a message and reviews the access
    sign_in(page, base, "designated.nurse")
    page.goto(f"{base}/inbox/")
    page.get_by_role("link", name="Emergency access to a child's record needs your review").click()
    page.get_by_role("link", name="Go to the page this message is about").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access to review")
    expect(page.get_by_text("Noah collapsed in the surgery")).to_be_visible()
    expect(page.get_by_text("GP, Demo Surgery")).to_be_visible()
    axe_check()
    page.get_by_role("button", name=re.compile("Mark access by Priya Shah")).click()
    expect(page.get_by_text("Reviewed", exact=True)).to_be_visible()
    axe_check()
    assert console_errors == [], console_errors


def test_access_nobody_could_review_is_on_the_oversight_page(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    # Given nobody holds safeguarding oversight, and Birmingham has no safeguarding lead
    Membership.objects.filter(user__username="safeguarding.oversight").update(active=False)
    sign_in(page, base, "stranger")
    page.goto(f"{base}/children/emergency-access/")
    expect(page.get_by_text(re.compile(r"listed for the system's safeguarding"))).to_be_visible()
    page.get_by_label("Child's NHS number").fill("999 000 0034")
    page.get_by_label("Why do you need this record now?").fill(
        "Noah brought to the duty desk, unwell and alone."
    )
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text(re.compile(r"Nobody in your organisation or area"))).to_be_visible()
    sign_out(page)

    # When someone takes up safeguarding oversight and opens their page from the home page
    Membership.objects.filter(user__username="safeguarding.oversight").update(active=True)
    sign_in(page, base, "safeguarding.oversight")
    page.locator("#maincontent").get_by_role("link", name="Emergency access for oversight").click()
    # Then the access is there, marked as having had nobody to review it
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access for oversight")
    expect(page.get_by_text("Nobody was named to review this")).to_be_visible()
    expect(page.get_by_text("Noah brought to the duty desk")).to_be_visible()
    axe_check()
    page.set_viewport_size({"width": 320, "height": 800})
    axe_check()
    assert console_errors == [], console_errors
