"""Browser journey for issue 3 (R-FLAG-3, R-FLAG-4, R-FLAG-5, frequent attendance): an A&E
receptionist registers a flagged child and sees the banner with both telephone numbers; the
council sees the attendance and who looked; the tenth attendance puts the child up for review
by the trust's safeguarding lead. Every page is checked with axe-core and must log no console error.

Uses the fixtures in tests/system/conftest.py (Chromium launch arguments, axe_check,
console_errors).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flagged_amelia_with_nine_attendances(cast):
    """Amelia on Islington's child protection plan, with nine earlier unscheduled attendances
    in the last year (so the next one is the tenth)."""
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.core import clock
    from seenheard.encounters.services import encounter_register
    from seenheard.encounters.tests.factories import child_named, flag_add

    amelia = child_named("9990000018")
    flag_add(amelia, start=dt.date(2025, 6, 1))
    nurse = actor_for(User.objects.get(username="ae.nurse"))
    now = clock.now()
    for i in range(9):
        encounter_register(
            actor=nurse,
            nhs_number=amelia.nhs_number,
            started_at=now - dt.timedelta(days=300 - i * 30),
        )
    return amelia


def test_registration_banner_council_inbox_and_frequent_attendance_review(
    page: Page, live_server, flagged_amelia_with_nine_attendances, console_errors, axe_check
):
    base = live_server.url
    amelia = flagged_amelia_with_nine_attendances

    # Given the A&E receptionist signs in and opens the registration page
    sign_in(page, base, "ae.nurse")
    page.get_by_role("link", name="Register an attendance").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register an attendance")
    axe_check()

    # When she finds Amelia by NHS number and registers the attendance
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    axe_check()
    page.get_by_role("button", name="Register attendance for Amelia Hart").click()

    # Then the banner is there at once: the plan, the council and both telephone numbers
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    banner = page.locator("#flag-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("On a plan now: Child protection plan")
    expect(banner).to_contain_text("Islington")
    expect(banner.get_by_role("link", name="020 7946 0019")).to_be_visible()
    expect(banner.get_by_role("link", name="020 7946 0919")).to_be_visible()
    expect(page.get_by_text("Islington has been told")).to_be_visible()
    # and this tenth unscheduled attendance puts the child up for review
    expect(page.get_by_text("This attendance has put the child up for review")).to_be_visible()
    expect(page.get_by_text("10 attendances, including this one")).to_be_visible()
    axe_check()

    # When the social worker at Islington opens the council's inbox
    sign_in(page, base, "social.worker")
    page.get_by_role("link", name="Attendances and missed appointments", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children on plans: attendances and appointments not brought to"
    )
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text("Amelia Hart")
    expect(newest).to_contain_text("Demo Hospital Emergency Department")
    expect(newest).to_contain_text("Alex Reid")
    axe_check()

    # Then she can see who looked at Amelia's flag
    newest.get_by_role("link", name="Who has looked at Amelia's flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at this child's flag")
    expect(page.locator("tbody tr").first).to_contain_text("Alex Reid")
    expect(page.locator("tbody tr").first).to_contain_text("Demo Hospital Emergency Department")
    axe_check()

    # And she marks the attendance as seen
    page.go_back()
    page.get_by_role("button", name="Mark the attendance of Amelia Hart as seen").first.click()
    expect(page.locator("tbody tr").first).to_contain_text("Seen")

    # When the trust's safeguarding lead opens the task list
    sign_in(page, base, "safeguarding.lead")
    page.get_by_role("link", name="Tasks", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tasks")
    review = page.get_by_role("heading", name="Frequent attendance review: Amelia Hart")
    expect(review).to_be_visible()
    expect(page.get_by_text("10 attendances", exact=True)).to_be_visible()
    axe_check()

    # Then she records the outcome and the review is closed
    page.get_by_role("link", name=re.compile("Record the outcome")).first.click()
    axe_check()
    page.get_by_role("button", name="Close the task").click()
    expect(
        page.get_by_text("Enter the outcome: what was done or decided, and what happens next.")
    ).to_have_count(2)
    axe_check()
    page.get_by_label("Outcome").fill("Reviewed by the consultant paediatrician; GP informed.")
    page.get_by_role("button", name="Close the task").click()
    expect(page.get_by_text("You have no open tasks.")).to_be_visible()

    assert console_errors == []
    assert amelia.pk  # the fixture's child is the one registered above


@pytest.fixture
def pregnant_grace(cast):
    """Grace Brennan, whose unborn child is on Islington's child protection plan (UCPP)."""
    from seenheard.demo.cast import demo_flags_ensure

    demo_flags_ensure()


def test_maternity_registers_a_pregnant_woman_and_the_council_sees_it(
    page: Page, live_server, pregnant_grace, console_errors, axe_check
):
    """R-FLAG-1, R-FLAG-3, R-FLAG-5: the unborn child's plan, held against the mother's NHS
    number, is seen when she attends, and the council is told."""
    base = live_server.url

    # Given the A&E receptionist looks for a pregnant woman by her NHS number
    sign_in(page, base, "ae.nurse")
    page.goto(f"{base}/register/")
    page.get_by_label("Her NHS number").fill("999 000 0107")
    page.get_by_role("button", name="Search for a pregnant woman").click()
    expect(page.get_by_role("heading", name="Pregnant woman found")).to_be_visible()
    axe_check()

    # When she registers the attendance
    page.get_by_role("button", name="Register attendance for Grace Brennan").click()

    # Then the unborn child's plan is shown at once, with the council's numbers
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Brennan")
    banner = page.locator("#flag-banner")
    expect(banner).to_contain_text("On a plan now: Unborn child on a child protection plan")
    expect(banner).to_contain_text("Expected delivery")
    expect(banner.get_by_role("link", name="020 7946 0919")).to_be_visible()
    expect(page.get_by_text("Islington has been told that she attended")).to_be_visible()
    axe_check()

    # And the council's inbox shows her, with who looked at the plan
    sign_in(page, base, "social.worker")
    page.goto(f"{base}/council/attendances/")
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text("Grace Brennan")
    expect(newest).to_contain_text("mother of the unborn child")
    axe_check()
    newest.get_by_role("link", name="Who has looked at the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who has looked at the unborn child's plan held against her"
    )
    expect(page.locator("tbody tr").first).to_contain_text("Alex Reid")
    axe_check()
    assert console_errors == []


def test_registering_the_same_child_again_within_minutes_asks_first(
    page: Page, live_server, cast, console_errors, axe_check
):
    """Issue 7 (ADR 022): a second registration at the same setting within the area's window
    asks "registered here at ... by ...: register again?" before registering."""
    from seenheard.encounters.models import Encounter

    base = live_server.url
    sign_in(page, base, "ae.nurse")
    for attempt in range(2):
        page.goto(f"{base}/register/")
        page.get_by_label("NHS number", exact=True).fill("999 000 0034")
        page.get_by_role("button", name="Search by NHS number").click()
        page.get_by_role("button", name=re.compile("Register attendance")).first.click()
        if attempt == 0:
            expect(page.get_by_role("heading", level=1)).to_have_text("Noah Brennan")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Registered here at ")
    expect(heading).to_contain_text("by Alex Reid, Unscheduled-care clinician or receptionist")
    axe_check()
    assert Encounter.objects.count() == 1
    page.get_by_role("button", name="Yes, register again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noah Brennan")
    assert Encounter.objects.count() == 2
    assert console_errors == [], console_errors
