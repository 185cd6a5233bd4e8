"""Browser journey for the multi-agency chronology (issue 9 item 10): the looked-after
children's nurse opens Amelia's chronology from her summary, sees every agency's events newest
first with the agency named, and pages back to earlier events. Every page is checked with
axe-core, also at 320 px wide, and must log no console error."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.demo.cast import demo_flags_ensure
from seenheard.encounters.models import Encounter
from tests.system.helpers import assert_fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_nurse_reads_amelias_chronology_and_pages_back(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    demo_flags_ensure()
    amelia = Child.objects.get(nhs_number="9990000018")  # scope-exempt: test set-up
    for days in range(30):
        Encounter.objects.create(
            child=amelia,
            setting=cast["RDEMO-MIU"],
            setting_type="minor-injury-unit",
            unscheduled=True,
            started_at=clock.now() - dt.timedelta(days=days + 1),
            registered_by_user_id=1,
            registered_by_name="Alex Reid",
            registered_by_role="unscheduled-care",
        )

    sign_in(page, base, "lac.nurse")
    page.goto(f"{base}/children/{amelia.pk}/")
    page.get_by_role("link", name=re.compile("what every agency has recorded")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chronology")
    main = page.locator("main")
    expect(main).to_contain_text("Attended Demo Minor Injury Unit")
    expect(main).to_contain_text("Demo Hospitals NHS Foundation Trust")
    expect(page.locator("tbody tr")).to_have_count(25)
    axe_check()

    # The earliest events, with the council's record of Amelia coming into care
    page.get_by_role("link", name=re.compile("Earlier events")).click()
    expect(main).to_contain_text("Looked after child: started")
    expect(main).to_contain_text("Islington")
    expect(page.locator("tbody tr")).to_have_count(6)
    axe_check()
    assert_fits(page, 320)
    axe_check()
    page.get_by_role("link", name=re.compile("Newest events")).click()
    expect(page.locator("tbody tr")).to_have_count(25)
    assert console_errors == [], console_errors
