"""Browser journey for a child who leaves A&E before being seen (issue 10 item 5, R-WNB-4): the
A&E nurse registers Amelia and then closes the attendance as left before being seen; her GP
practice and her school nurse (she is 12) are each given a task, and each sees it when they sign
in. Every page is checked with axe-core and must log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_child_leaving_ae_before_being_seen_reaches_the_gp_and_the_school_nurse(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url

    # Given the A&E nurse registers Amelia's attendance
    sign_in(page, base, "ae.nurse")
    page.get_by_role("link", name="Register an attendance").first.click()
    page.get_by_label("NHS number", exact=True).fill("999 000 0018")
    page.get_by_role("button", name="Search by NHS number").click()
    page.get_by_role("button", name="Register attendance for Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    expect(page.get_by_role("heading", name="If Amelia leaves before being seen")).to_be_visible()
    axe_check()

    # When she records that Amelia left before being seen
    page.get_by_role("button", name="Record that Amelia left before being seen").click()

    # Then the attendance is closed and the page says who has been given a task
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart left before being seen")
    told = page.locator("#told")
    expect(told).to_contain_text("Demo Surgery")
    expect(told).to_contain_text("Health Visiting")
    expect(page.locator("#nobody")).to_have_count(0)
    axe_check()

    # And the GP and the school nurse each find the task on their worklist, and open it
    for username in ("gp", "hv.nurse"):
        sign_in(page, base, username)
        page.goto(f"{base}/tasks/")
        card = page.locator(".nhsuk-card", has_text="Amelia Hart").filter(
            has_text="Left A&E before being seen"
        )
        expect(card).to_have_count(1)
        axe_check()
        card.get_by_role("link", name="Record the outcome").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
        expect(page.locator("main")).to_contain_text("left before being seen")
        expect(page.get_by_label("Outcome")).to_be_visible()  # closed with what was done
        axe_check()
    assert console_errors == []
