"""Browser journey for the area's figures (R-LEAD-4): the board member opens her figures from
the home page and reads each chart's numbers in its table; the designated nurse reads hers at
320 px. Every page is checked with axe-core and must log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.system.helpers import assert_fits, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_reads_the_figures_as_charts_with_their_numbers(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    sign_in(page, base, "board")
    page.get_by_role("link", name="Figures for your area").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for your area")
    expect(
        page.get_by_role("img", name="Reviews and tasks given and closed, by month")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Reviews and tasks given and closed, by month: the numbers")
    ).to_be_visible()
    axe_check()
    sign_out(page)

    sign_in(page, base, "designated.nurse")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(base + "/figures/")
    expect(
        page.get_by_role("img", name="Unscheduled-care attendances of children, by month")
    ).to_be_visible()
    assert_fits(page, 320)
    axe_check()
    assert console_errors == [], console_errors
