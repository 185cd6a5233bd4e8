"""Browser journey for R-REF-7: a GP asks the health visitors to follow Noah up, with a due
date; the task is not done in time, so the worker escalates it to their manager (the named
nurse), who sees it in "Escalated to you"; the health visitor then closes it with an outcome
(refused first without one). Every page is checked with axe-core and logs no console error.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from seenheard.core import clock
from seenheard.jobs.services import jobs_run_due
from seenheard.tasks.models import Task, TaskStatus
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_task_is_given_escalates_when_overdue_and_closes_with_an_outcome(
    page: Page, live_server, noah, console_errors, axe_check
):
    base = live_server.url
    due = clock.today() + dt.timedelta(days=3)

    # Given the GP opens Noah's summary and chooses to give a task
    sign_in(page, base, "gp")
    page.goto(f"{base}/children/{noah.pk}/")
    expect(page.get_by_role("heading", name="Open tasks")).to_be_visible()
    page.get_by_role("link", name="Give a task about Noah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give a task")
    axe_check()

    # When she sends it with a due date in the past, she is told plainly and nothing is sent
    page.get_by_label("Who is it for?").select_option(
        label="Health visitor or school nurse team, Demo Health Visiting and School Nursing"
    )
    page.get_by_label("What needs to be done?").fill("Please visit: two clinics missed")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Give the task").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The due date must be today or in the future."
    )
    axe_check()
    assert not Task.objects.exists()

    # Then with a real due date the task is given and shown on Noah's summary
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Give the task").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noah Brennan")
    expect(page.get_by_text("Task given: Please visit: two clinics missed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Health visitor or school nurse team")
    axe_check()

    # And two days after it was due, the worker escalates it to the health visitors' manager
    with time_machine.travel(clock.now() + dt.timedelta(days=5), tick=True):
        jobs_run_due(worker_id="journey")
        sign_in(page, base, "named.nurse")
        page.goto(f"{base}/tasks/")
        page.get_by_role("link", name="Escalated to you (1)").click()
        expect(page.get_by_role("heading", name="Escalated to you")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Overdue")
        axe_check()
        page.get_by_role("link", name="Task from a colleague: Noah Brennan").click()
        expect(page.locator("main")).to_contain_text("Overdue: escalated to Nadia Okafor")
        axe_check()

        # The health visitor finds it in her team's list and must say what was done
        sign_in(page, base, "hv.nurse")
        page.goto(f"{base}/tasks/")
        page.get_by_role("link", name="Task from a colleague: Noah Brennan").click()
        page.get_by_role("button", name="Close the task").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the outcome")
        axe_check()
        page.get_by_label("Outcome").fill("Visited at home; seen and weighed; no concerns.")
        page.get_by_role("button", name="Close the task").click()
        expect(page.get_by_text("Task closed: Please visit: two clinics missed")).to_be_visible()
        axe_check()

    task = Task.objects.get()
    assert task.status == TaskStatus.DONE
    assert task.escalation_level == 1
    assert console_errors == []
