"""Browser journeys in Chromium (issue 2 "Tests that must exist"; R-FLAG-4, R-FLAG-10).

Each page visited is checked with axe-core, and no page may log a console error (a content
security policy violation shows up as one).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.demo.cast import DEMO_PASSWORD
from tests.system.helpers import settle_at, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, username: str, axe_check) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Seen and Heard")
    axe_check()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_social_worker_finds_amelia_and_sees_themselves_in_who_has_seen(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    # Given the social worker at Islington signs in with the demo password
    sign_in(page, base, "social.worker", axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Local-authority social worker")
    # The NHS.UK JavaScript started (an ES module, allowed by the CSP).
    expect(page.locator("body.nhsuk-frontend-supported")).to_have_count(1)
    axe_check()

    # When she searches for Amelia by NHS number
    page.get_by_role("link", name="Find a child").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a child")
    axe_check()
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    axe_check()

    # And opens her summary
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    expect(page.get_by_text("999 000 0018")).to_be_visible()
    expect(page.get_by_text("Islington (E09000019)")).to_be_visible()
    axe_check()

    # Then "who has seen this child" lists her own look at the record
    page.get_by_role("link", name=re.compile("See who has looked at Amelia")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen this child's record")
    rows = page.locator("tbody tr", has_text="Sofia Walsh")
    expect(rows.filter(has_text="Viewed the child's record").first).to_be_visible()
    expect(rows.first).to_contain_text("Islington")
    axe_check()

    assert console_errors == [], console_errors


def test_stranger_finds_nothing_and_cannot_open_the_record(
    page: Page, live_server, cast, amelia, console_errors, axe_check
):
    base = live_server.url
    # Given a social worker at Birmingham, with no relationship to Amelia, signs in
    sign_in(page, base, "stranger", axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Local-authority social worker")

    # When he searches for Amelia's NHS number
    page.goto(f"{base}/children/search/")
    page.get_by_label("NHS number", exact=True).fill("9990000018")
    page.get_by_role("button", name="Search by NHS number").click()

    # Then no child is found, and he is offered emergency access instead
    expect(page.get_by_role("heading", name="No child found")).to_be_visible()
    expect(page.get_by_role("link", name="ask for emergency access")).to_be_visible()
    expect(page.get_by_text("Amelia")).to_have_count(0)
    axe_check()

    # And going straight to her record's address shows only "Page not found"
    response = page.goto(f"{base}/children/{amelia.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("Amelia")).to_have_count(0)
    axe_check()

    assert console_errors == [], console_errors


def test_invalid_nhs_number_shows_the_error_summary_and_the_field_error(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    sign_in(page, base, "lac.nurse", axe_check)
    page.goto(f"{base}/children/search/")
    page.get_by_label("NHS number", exact=True).fill("999 000 0019")
    page.get_by_role("button", name="Search by NHS number").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("check digit does not match")
    # The NHS.UK JavaScript moves focus to the error summary.
    expect(summary).to_be_focused()
    axe_check()
    assert console_errors == [], console_errors


def test_content_security_policy_refuses_an_inline_script_in_the_browser(
    page: Page, live_server, cast, console_errors
):
    # Given the sign-in page, served with our content security policy
    page.goto(f"{live_server.url}/sign-in/")
    # When something injects an inline script without the page's nonce
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
    )
    # Then Chromium refuses to run it, and reports the violation (which the journeys above
    # would have caught as a console error)
    assert page.evaluate("window.injected === undefined")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in e for e in console_errors), console_errors


def test_emergency_access_is_reviewed_by_the_safeguarding_lead(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    # Given the looked-after children's nurse, who has no relationship with Noah
    sign_in(page, base, "lac.nurse", axe_check)
    page.goto(f"{base}/children/emergency-access/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Emergency access to a child's record"
    )
    axe_check()
    # When she asks for emergency access with a reason
    page.get_by_label("Child's NHS number").fill("999 000 0034")
    page.get_by_label("Why do you need this record now?").fill(
        "Noah arrived at clinic unwell with no adult; need his GP and council."
    )
    page.get_by_role("button", name="Open the record").click()
    # Then she sees his summary, with when her access ends
    expect(page.get_by_role("heading", level=1)).to_have_text("Noah Brennan")
    expect(page.get_by_text(re.compile(r"It expires at \d\d:\d\d"))).to_be_visible()
    axe_check()
    sign_out(page)

    # And the trust's safeguarding lead finds a message and reviews the access
    sign_in(page, base, "safeguarding.lead", axe_check)
    page.goto(f"{base}/inbox/")
    axe_check()
    page.get_by_role("link", name="Emergency access to a child's record needs your review").click()
    axe_check()
    page.get_by_role("link", name="Go to the page this message is about").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access to review")
    expect(page.get_by_text("Noah arrived at clinic unwell")).to_be_visible()
    axe_check()
    page.get_by_role("button", name=re.compile("Mark access by Lola Adeyemi")).click()
    expect(page.get_by_text("Reviewed", exact=True)).to_be_visible()
    axe_check()
    assert console_errors == [], console_errors


def test_system_administrator_adds_a_member_of_staff(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    sign_in(page, base, "admin", axe_check)
    # The administrator's home page offers no way to a child's record.
    expect(page.get_by_role("link", name="Find a child")).to_have_count(0)
    axe_check()
    page.get_by_role("link", name="Staff accounts").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    axe_check()
    page.get_by_role("button", name="Add a member of staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a member of staff")
    axe_check()
    page.get_by_role("button", name="Add member of staff").click()
    # An empty form names every field to fill in, at once
    expect(page.locator(".nhsuk-error-summary li")).to_have_count(5)
    axe_check()
    page.get_by_label("Username").fill("new.nurse")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Organisation code").fill("E09000019")
    page.get_by_label("Role").select_option("unscheduled-care")
    page.get_by_role("button", name="Add member of staff").click()
    # A role that cannot be held there is explained, next to the field and in the summary.
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("cannot be held at Islington")
    axe_check()
    page.get_by_label("Organisation code").fill("RDEMO-ED")
    page.get_by_label("Role").select_option("unscheduled-care")
    page.get_by_role("button", name="Add member of staff").click()
    expect(page.get_by_role("heading", name="Account created")).to_be_visible()
    axe_check()
    # The new person is found by name, and their account can be disabled
    page.get_by_role("link", name="Back to staff accounts").click()
    page.get_by_label("Search by name").fill("okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Nia Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Okafor")
    axe_check()
    page.get_by_role("button", name="Disable the account").click()
    expect(page.get_by_text("Nia Okafor is disabled")).to_be_visible()
    expect(page.locator("#sign-in-status")).to_contain_text("Disabled")
    axe_check()
    assert console_errors == [], console_errors


def test_a_trust_administrator_sees_and_adds_only_the_trusts_staff(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    # Given Demo Hospitals' own system administrator signs in
    sign_in(page, base, "trust.admin", axe_check)
    page.get_by_role("link", name="Staff accounts").first.click()
    # Then the staff list holds the trust's people, and nobody from the councils
    staff = page.locator("table").first
    expect(staff).to_contain_text("ae.nurse")
    expect(staff).not_to_contain_text("stranger")
    axe_check()
    # When they ask for Birmingham's staff, the answer is the one an unknown code gets
    page.get_by_label("Organisation", exact=True).fill("E08000025")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_text("No organisation you administer has the code E08000025.")
    ).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    axe_check()
    # And adding someone at Birmingham is refused on the organisation field
    page.goto(f"{base}/accounts/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a member of staff")
    page.get_by_label("Username").fill("brum.worker")
    page.get_by_label("First name").fill("Bo")
    page.get_by_label("Last name").fill("Rum")
    page.get_by_label("Organisation code").fill("E08000025")
    page.get_by_label("Role").select_option("social-worker")
    page.get_by_role("button", name="Add member of staff").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "No organisation you administer has the code 'E08000025'."
    )
    expect(page.locator("#id_org_code-error")).to_be_visible()
    axe_check()
    assert console_errors == [], console_errors


def test_staff_pages_reflow_at_320_pixels(page: Page, live_server, cast, console_errors, axe_check):
    """WCAG 2.2 reflow (issue 7): the staff list, a person's page and the repeat question work
    at 320 CSS pixels wide with no sideways scrolling."""
    from seenheard.accounts.models import User

    base = live_server.url
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, base, "admin", axe_check)
    nurse = User.objects.get(username="ae.nurse")
    for path in ("/accounts/?q=reid", f"/accounts/people/{nurse.pk}/", "/accounts/add/"):
        page.goto(f"{base}{path}")
        settle_at(page, 320)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320, (path, wide)
        axe_check()
    assert console_errors == [], console_errors
