"""Browser journey for R-REF-5: Amelia's social worker books an initial child protection
conference after the strategy discussion, at 18:45 (outside surgery hours) with a video
option, and invites her GP; the GP cannot attend and sends a structured report with Amelia's
own words, which the social worker sees on the conference page before it starts. Every page is
checked with axe-core and must log no console error.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from seenheard.conferences.models import Conference, GpReport
from seenheard.core import clock
from seenheard.core.workingdays import add_working_days
from tests.system.helpers import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page: Page, prefix: str, day: dt.date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def test_a_conference_is_booked_and_the_gps_report_arrives_before_it(
    page: Page, live_server, amelia, console_errors, axe_check
):
    base = live_server.url
    strategy = clock.today() - dt.timedelta(days=2)
    day = add_working_days(clock.today(), 8)

    # Given the social worker opens Amelia's summary and chooses to schedule a conference
    sign_in(page, base, "social.worker")
    page.goto(f"{base}/children/{amelia.pk}/")
    page.get_by_role("link", name="Schedule a child protection conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Schedule a child protection conference"
    )
    axe_check()

    # When she books it without saying which kind, she is told what to fix
    page.get_by_role("button", name="Book the conference").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the kind of conference.")
    axe_check()

    # Then she books an initial conference at 18:45, after surgery, with video, inviting the GP
    page.get_by_label("Initial conference").check()
    _fill_date(page, "strategy_on", strategy)
    _fill_date(page, "starts_on", day)
    page.get_by_label("Start time").fill("18:45")
    page.get_by_label("Where is it?").fill("Islington Town Hall, room 4")
    page.get_by_label("Yes, by video call").check()
    gp_box = page.get_by_label("Priya Shah, GP, Demo Surgery")
    expect(gp_box).to_be_checked()
    page.get_by_role("button", name="Book the conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initial child protection conference")
    expect(page.get_by_role("alert")).to_contain_text("1 person invited")
    expect(page.get_by_text("Outside surgery hours")).to_be_visible()
    expect(page.get_by_text("None yet")).to_be_visible()
    axe_check()
    sign_out(page)

    # And the GP finds the invitation in her inbox and answers that she will send a report
    sign_in(page, base, "gp")
    page.goto(f"{base}/inbox/")
    page.get_by_role("link", name="Invitation to a child protection conference").click()
    axe_check()
    page.goto(f"{base}/conferences/invitations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conference invitations")
    axe_check()
    page.get_by_role("row", name="Amelia Hart").get_by_role("link").click()
    axe_check()
    page.get_by_label("I cannot attend and will send a report").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send your report to the conference")
    axe_check()

    # When she sends it half done, she is told which parts are missing
    page.get_by_label("The child's health and development").fill("Growth on the 25th centile.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the parents")
    axe_check()
    page.get_by_label("The parents' health as it affects their parenting").fill(
        "Mother treated for depression since 2025; engaging with talking therapy."
    )
    page.get_by_label("What you have seen of the child with their parents").fill(
        "Seen with mother in October: warm and attentive."
    )
    page.get_by_label("Attendances and missed appointments").fill(
        "Two A&E attendances this year; one missed asthma review."
    )
    # with Amelia's own words and how they were heard (the shared voice fragment)
    page.get_by_label("What Amelia said, in their own words").fill(
        "I like my school but I get scared at night."
    )
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("alert")).to_contain_text("Your report has been sent")
    axe_check()
    sign_out(page)

    # Then the social worker sees the GP's report on the conference page, before it starts
    sign_in(page, base, "social.worker")
    conference = Conference.objects.get()
    page.goto(f"{base}/conferences/")
    axe_check()
    page.goto(f"{base}/conferences/{conference.pk}/")
    expect(page.get_by_text("Mother treated for depression")).to_be_visible()
    expect(page.get_by_text("Yes: a GP attended or sent a report")).to_be_visible()
    expect(page.get_by_text("I like my school but I get scared at night.")).to_be_visible()
    axe_check()
    assert GpReport.objects.get().submitted_at < conference.starts_at
    assert console_errors == []
