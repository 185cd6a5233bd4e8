"""Browser journey for R-REF-6: a health visitor records early help for Amelia (needs below
the child-protection threshold, the help offered, herself as lead professional, a review date);
Amelia appears on the team's early help list and her summary; the review is missed, so the
worker gives the lead professional a task, which she finds in her task list. Every page is
checked with axe-core and logs no console error.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from seenheard.core import clock
from seenheard.early_help.models import EarlyHelp
from seenheard.jobs.services import jobs_run_due
from seenheard.tasks.models import Task
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_early_help_is_recorded_listed_and_a_missed_review_becomes_a_task(
    page: Page, live_server, amelia, console_errors, axe_check
):
    base = live_server.url
    review = clock.today() + dt.timedelta(weeks=4)

    # Given the health visitor opens Amelia's summary and records early help
    sign_in(page, base, "hv.nurse")
    page.goto(f"{base}/children/{amelia.pk}/")
    expect(page.get_by_role("heading", name="Early help")).to_be_visible()
    page.get_by_role("link", name="Record early help for Amelia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record early help")
    axe_check()

    # When she sends it without a lead or a date, each is named
    page.get_by_role("button", name="Record early help").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the lead professional from the list.")
    expect(summary).to_contain_text("Enter the date of the review.")
    axe_check()
    assert not EarlyHelp.objects.exists()

    # Then she fills it in, with herself as lead professional
    page.get_by_label("What does the child need?").fill("Speech delay; mother isolated.")
    page.get_by_label("What help is offered?").fill("Family support worker weekly.")
    page.get_by_label("Lead professional").select_option(label="You (Hannah Vale)")
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Record early help").click()
    expect(page.get_by_text("Early help recorded for Amelia Hart.")).to_be_visible()
    axe_check()

    # And Amelia is on the team's early help list and her summary
    page.goto(f"{base}/early-help/")
    expect(page.locator("main")).to_contain_text("Amelia Hart")
    axe_check()
    page.goto(f"{base}/children/{amelia.pk}/")
    expect(page.locator("#early-help ~ ul")).to_contain_text("Speech delay")
    axe_check()

    # When the review date passes with no review, the worker gives her a task
    with time_machine.travel(clock.now() + dt.timedelta(weeks=4, days=1), tick=True):
        jobs_run_due(worker_id="journey")
        sign_in(page, base, "hv.nurse")
        page.goto(f"{base}/tasks/?list=mine")
        expect(page.locator("main")).to_contain_text("Early help review missed: Amelia Hart")
        axe_check()
        page.goto(f"{base}/early-help/")
        expect(page.locator("main")).to_contain_text("Overdue")
        axe_check()

    assert Task.objects.filter(kind="early-help-review-missed").count() == 1
    assert console_errors == []
