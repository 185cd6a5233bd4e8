"""Browser journey for the area's protocol (issue 10 item 7; R-REF-1's threshold levels): the
trust's safeguarding lead reads it; the area's designated nurse changes the threshold levels,
is told plainly when the reason is missing, and sees her change with her name and reason.
Every page is checked with axe-core, also at 320 px wide, and must log no console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.protocols.models import ProtocolList
from tests.system.helpers import assert_fits, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_designated_nurse_rewords_the_threshold_levels(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url

    # The trust's lead reads the area's protocol but has nothing to change
    sign_in(page, base, "safeguarding.lead")
    page.get_by_role("link", name="Your area's protocol").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your area's protocol")
    expect(page.locator("main")).to_contain_text("Level 4: child protection (acute needs)")
    expect(page.get_by_role("link", name="Change", exact=False)).to_have_count(0)
    axe_check()
    sign_out(page)

    # The designated nurse opens the levels of need and saves with no reason
    sign_in(page, base, "designated.nurse")
    page.goto(base + "/protocol/")
    page.get_by_role("link", name=re.compile(r"^Change\W+The levels of need")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The levels of need")
    axe_check()
    page.get_by_label("Name").nth(2).fill("Level 3: targeted and statutory support")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Say why the protocol")
    axe_check()
    assert ProtocolList.objects.count() == 0

    # She gives the reason; the page shows the new level, her name and why
    page.get_by_label("Why is it changing?").fill("Agreed by the partnership on 1 December")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your area's protocol")
    main = page.locator("main")
    expect(main).to_contain_text("Level 3: targeted and statutory support")
    page.get_by_text("Every change (1)").click()
    expect(main).to_contain_text("Dana Price")
    expect(main).to_contain_text("Agreed by the partnership on 1 December")
    axe_check()
    assert_fits(page, 320)
    axe_check()
    assert console_errors == [], console_errors
