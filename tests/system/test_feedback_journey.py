"""Browser journey for R-VOICE-2: Amelia's looked-after children's nurse gives her a one-time
feedback code; on her phone (320 px wide, no account) Amelia says how her care is going and
that she feels unsafe; the nurse, her lead professional, finds the urgent alert in her inbox at
once, first in the list and marked urgent, and opens what Amelia said. Every page is checked
with axe-core; the child's pages must fit a 320 px screen; no page may log a console error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.jobs.models import Notification
from tests.system.helpers import sign_in
from tests.system.test_reflow import WIDTH, _fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_young_person_says_they_feel_unsafe_and_their_nurse_sees_it_at_once(
    page: Page, live_server, amelia, console_errors, axe_check
):
    base = live_server.url

    # Given the nurse gives Amelia a feedback code from her summary
    sign_in(page, base, "lac.nurse")
    page.goto(f"{base}/children/{amelia.pk}/")
    page.get_by_role("link", name="Give Amelia a code to tell us how their care is going").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give a feedback code")
    axe_check()
    page.get_by_role("button", name="Make a code").click()
    code = page.locator("#feedback-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    axe_check()

    # When Amelia opens the feedback page on her phone, with no account
    page.context.clear_cookies()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(f"{base}/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us how it is going")
    _fits(page, axe_check)

    # and mistypes her code, she is told plainly, and nothing about anyone
    page.get_by_label("Your code").fill("ABCD-1234-EFGH-5678")
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That code does not work.")
    _fits(page, axe_check)

    # Then she types it in small letters with spaces, as children do
    page.get_by_label("Your code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How is it going?")
    expect(page.locator("main")).not_to_contain_text("Amelia")
    _fits(page, axe_check)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose how things are going.")
    _fits(page, axe_check)
    page.get_by_label("Not good").check()
    page.get_by_label("I feel unsafe").check()
    page.get_by_label("Can you tell us what is making you feel unsafe?").fill(
        "My mum's new boyfriend shouts at me at night."
    )
    _fits(page, axe_check)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.locator("main")).to_contain_text("We have told the person who gave you the code")
    _fits(page, axe_check)

    # And the code does not work a second time
    page.goto(f"{base}/feedback/")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That code does not work.")

    # Then the nurse sees the urgent alert in her inbox at once (no worker has run)
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, base, "lac.nurse")
    page.goto(f"{base}/inbox/")
    expect(page.locator(".nhsuk-card--warning")).to_contain_text("1 urgent unread message")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Urgent")
    alert = first.get_by_role(
        "link", name="A child you gave a feedback code to says they feel unsafe"
    )
    expect(alert).to_be_visible()
    axe_check()
    alert.click()
    axe_check()
    page.get_by_role("link", name="Go to the page this message is about").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback from Amelia")
    expect(page.get_by_role("heading", name="Amelia said they feel unsafe")).to_be_visible()
    expect(page.locator("main")).to_contain_text("My mum's new boyfriend shouts at me at night.")
    axe_check()
    assert Notification.objects.filter(topic="feedback-unsafe").count() == 2
    assert console_errors == []
