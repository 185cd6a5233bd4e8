"""Browser journey for R-REF-1 and R-REF-3: the GP's incomplete referral is refused with what is
missing (the draft kept), the complete one is sent; Islington's social worker finds it in her
inbox, marked urgent, and decides, and the GP sees the decision; a referral not decided in time
becomes a task for the team's named manager, told as urgent. Every page is checked with
axe-core and must log no console error."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from seenheard.jobs.services import jobs_run_due
from seenheard.referrals.models import Referral, ReferralStatus
from seenheard.referrals.tests.helpers import COMPLETE_TEXT
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_the_rest(page: Page) -> None:
    page.get_by_label("Children's social care or MASH").check()
    page.get_by_label("Team").select_option(label="Islington")
    page.get_by_label("What has happened to the child, or may happen?").fill(
        COMPLETE_TEXT["risk_what"]
    )
    page.get_by_label("It has happened or is happening now").check()
    page.get_by_label("Serious: significant harm to the child").check()
    page.get_by_label("What is working well for the child and family?").fill(
        COMPLETE_TEXT["working_well"]
    )
    page.get_by_label("What do you expect to happen as a result of this referral?").fill(
        COMPLETE_TEXT["expectation"]
    )
    page.get_by_label("Level 4: child protection (acute needs)").check()
    page.get_by_label("What the child said, in their own words").fill(
        "Dad grabbed me. I don't want to go home tonight."
    )
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("Family", exact=True).fill(COMPLETE_TEXT["wider_family"])
    page.get_by_label("Home", exact=True).fill(COMPLETE_TEXT["wider_home"])
    page.get_by_label("School or nursery").fill(COMPLETE_TEXT["wider_school"])
    page.get_by_label("Other agencies involved").fill(COMPLETE_TEXT["wider_agencies"])
    page.get_by_label("Not asked: asking would put the child at greater risk").check()
    page.get_by_label("If not, the lawful basis for sharing without consent").fill(
        COMPLETE_TEXT["lawful_basis"]
    )


def test_gp_refers_council_decides_gp_sees_it_and_a_late_one_escalates(
    page: Page, live_server, noah, console_errors, axe_check
):
    base = live_server.url

    # Given the GP opens Noah's record and starts a referral
    sign_in(page, base, "gp")
    page.goto(f"{base}/children/{noah.pk}/")
    page.get_by_role("link", name="Make a referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a referral")
    axe_check()

    # When she sends it with only the reason, it is refused with what is missing, draft kept
    page.get_by_label("Why are you referring the child?").fill(COMPLETE_TEXT["reason"])
    page.get_by_role("button", name="Send the referral").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("You cannot send this referral yet")
    expect(summary).to_contain_text("Say what you expect to happen as a result of this referral.")
    expect(summary).to_contain_text("Choose the level of need from the area's threshold document.")
    expect(summary).to_contain_text("Write down the child's views and wishes in their own words")
    axe_check()
    assert Referral.objects.get().status == ReferralStatus.DRAFT

    # Then she fills in the rest and sends it
    fill_the_rest(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral")
    expect(page.get_by_text("Your referral has been sent")).to_be_visible()
    expect(page.locator("main")).to_contain_text("A decision is due by")
    axe_check()

    # When Islington's social worker finds it in her inbox, marked urgent, and decides
    sign_in(page, base, "social.worker")
    page.goto(f"{base}/inbox/")
    arrived = page.locator("tbody tr").first
    expect(arrived).to_contain_text("Urgent")
    expect(arrived).to_contain_text("An urgent referral has arrived for your team")
    axe_check()
    page.goto(f"{base}/referrals/incoming/")
    axe_check()
    page.get_by_role("link", name="Noah Brennan").click()
    expect(page.locator("main")).to_contain_text("Dad grabbed me")
    page.get_by_role("button", name="Record the decision").click()
    axe_check()
    page.get_by_label("Strategy discussion").check()
    page.get_by_label("Your reasons").fill("Section 47 threshold met; strategy discussion at 4pm.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Your decision has been recorded")).to_be_visible()

    # Then the GP is told, and sees the decision on her referral
    sign_in(page, base, "gp")
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text("A referral you made has a decision")
    page.goto(f"{base}/referrals/")
    axe_check()
    expect(page.locator("main")).to_contain_text("Strategy discussion")
    page.get_by_role("link", name="Noah Brennan").click()
    expect(page.locator("main")).to_contain_text("Section 47 threshold met")
    axe_check()

    # And a second referral left undecided past its time becomes the manager's task
    page.goto(f"{base}/children/{noah.pk}/referrals/new/")
    page.get_by_label("Why are you referring the child?").fill("A second, later concern.")
    fill_the_rest(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Your referral has been sent")).to_be_visible()
    late = Referral.objects.filter(status=ReferralStatus.SENT).get()
    assert late.decision_due_at is not None
    with time_machine.travel(late.decision_due_at + dt.timedelta(minutes=1), tick=False):
        jobs_run_due(worker_id="journey")
    # Islington's team manager, Marcus Bell, is told by name, marked urgent, and has the task
    sign_in(page, base, "team.manager")
    page.goto(f"{base}/")
    expect(page.locator(".nhsuk-card--warning")).to_contain_text("urgent unread message")
    page.goto(f"{base}/inbox/")
    expect(page.locator("tbody tr").first).to_contain_text("Urgent")
    axe_check()
    page.goto(f"{base}/tasks/")
    expect(page.locator("main")).to_contain_text(
        "A referral is waiting for a decision past its time"
    )
    axe_check()
    assert console_errors == []
