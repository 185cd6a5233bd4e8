"""Browser journey for R-FLAG-9: Amelia's social worker raises an FGM risk flag (Amelia is a
girl of 12 with a family history of FGM) and sees it at once in the banner on her summary. The
form's plain-English errors come first. Every page is checked with axe-core and must log no
console error.

Uses the fixtures in tests/system/conftest.py (Chromium launch arguments, axe_check,
console_errors).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from seenheard.core import clock
from seenheard.flags.models import RiskFlag, RiskFlagType
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_social_worker_raises_an_fgm_risk_flag_and_sees_it_in_the_banner(
    page: Page, live_server, amelia, console_errors, axe_check
):
    base = live_server.url
    review = clock.today() + dt.timedelta(days=60)

    # Given the social worker signs in and opens Amelia's summary
    sign_in(page, base, "social.worker")
    page.goto(f"{base}/children/{amelia.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    expect(page.locator("#flag-banner")).not_to_contain_text("Other risk flags")

    # When she goes to raise a risk flag
    page.get_by_role("link", name="Raise, review or end a risk flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk flags")
    axe_check()
    page.get_by_role("button", name="Raise a risk flag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a risk flag")
    axe_check()

    # and sends the form empty, she is told in plain English what to fix
    page.get_by_role("button", name="Raise the flag").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the kind of risk.")
    expect(summary).to_contain_text("Say what the risk is")
    expect(summary).to_contain_text("Enter the date the flag should be reviewed by.")
    axe_check()

    # Then she chooses FGM risk, says what others should know, and sets the review date
    page.get_by_label("FGM risk").check()
    page.get_by_label("What should others know?").fill(
        "Mother and older sister have had FGM; family plan a long trip abroad in the summer."
    )
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    page.get_by_role("button", name="Raise the flag").click()

    # And she is back on Amelia's summary, told it worked, with the flag in the banner
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    expect(page.get_by_role("alert")).to_contain_text("FGM risk flag raised for Amelia Hart")
    banner = page.locator("#flag-banner")
    expect(banner).to_contain_text("Other risk flags")
    expect(banner).to_contain_text("FGM risk")
    expect(banner).to_contain_text("raised by Sofia Walsh, Islington")
    expect(banner).to_contain_text(f"review by {review.strftime('%-d %B %Y')}")
    axe_check()

    flag = RiskFlag.objects.get()
    assert flag.flag_type == RiskFlagType.FGM
    assert flag.review_on == review
    assert console_errors == []
