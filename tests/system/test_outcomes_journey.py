"""Browser journey for outcomes over time (issue 11 item 6; R-OUT-5, R-OUT-4, R-VOICE-1): the
looked-after children's nurse defines a measure with the children's words (a form with parts
missing is refused, naming each), records values for Amelia (one off the scale is refused), sees
them as a chart with the table of numbers on her health record, and the cohort page for the
council's children in care. Every page is checked with axe-core, also at 320 px wide, and must
log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.core import clock
from seenheard.lac_health.outcomes.models import OutcomeMeasure, OutcomeRecord
from seenheard.lac_health.services import lac_import_apply
from seenheard.lac_health.tests import files as f
from tests.system.helpers import assert_fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_care() -> None:
    council = Organisation.objects.get(code="E09000019")
    lac_import_apply(
        actor=system_actor(council, channel="cli"),
        la_code=council.code,
        header=f.header(f.AMELIA),
        episodes=f.episodes("A100,19/12/2025,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC123456\n"),
    )


def _value(page: Page, value: str, day: str, month: str, year: str) -> None:
    page.get_by_label("Sleeping well (0 to 7 nights)").check()
    page.locator("#value").fill(value)
    page.locator("#measured_on-day").fill(day)
    page.locator("#measured_on-month").fill(month)
    page.locator("#measured_on-year").fill(year)
    page.locator("#voice-words").fill("I sleep better since I got my own room.")
    page.get_by_label("The child was seen alone").check()
    page.get_by_role("button", name="Save the outcome").click()


def test_the_nurse_defines_a_measure_records_values_and_sees_them_over_time(
    page: Page, live_server, cast, amelia, console_errors, axe_check
):
    base = live_server.url
    _in_care()
    sign_in(page, base, "lac.nurse")
    main = page.locator("main")

    # Define a measure with the children: first with parts missing
    page.goto(base + "/lac/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome measures")
    axe_check()
    page.get_by_role("button", name="Define a new measure").click()
    page.get_by_role("button", name="Save the measure").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the measure's name.")
    expect(summary).to_contain_text("Choose numbers or labelled points for the scale.")
    axe_check()
    assert not OutcomeMeasure.objects.exists()
    page.locator("#name").fill("Sleeping well")
    page.locator("#measures").fill("Nights last week the young person slept through.")
    page.get_by_label("Numbers from a lowest to a highest, with a unit").check()
    page.locator("#scale_min").fill("0")
    page.locator("#scale_max").fill("7")
    page.locator("#unit").fill("nights")
    page.get_by_label("Higher is better").check()
    page.locator("#co_produced_with").fill("Islington Children in Care Council")
    page.locator("#childrens_words").fill("Nights I sleep right through")
    page.locator("#reason").fill("Agreed with the young people in January.")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sleeping well")
    expect(main).to_contain_text("0 to 7 nights")
    axe_check()

    # Record values for Amelia: one off the scale is refused
    page.goto(f"{base}/lac/children/{amelia.pk}/")
    page.get_by_role("link", name="Record an outcome").click()
    axe_check()
    today = clock.today()
    _value(page, "9", "20", "12", "2025")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The value must be from 0 to 7 nights."
    )
    axe_check()
    assert not OutcomeRecord.objects.exists()
    _value(page, "2", "20", "12", "2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    page.get_by_role("link", name="Record an outcome").click()
    _value(page, "5", str(today.day), str(today.month), str(today.year))

    # The chart and the table of its numbers on her health record
    expect(main).to_contain_text("Outcomes over time")
    expect(main).to_contain_text("Better than when first measured on 20 Dec 2025.")
    chart = page.locator("#outcome-" + str(OutcomeMeasure.objects.get().pk))
    expect(chart.locator("svg[role=img]")).to_be_visible()
    expect(chart.locator("table")).to_contain_text("20 Dec 2025")
    expect(chart.locator("table")).to_contain_text("5")
    axe_check()

    # The cohort: the council's children in care, by quarter, no child named
    page.goto(base + "/lac/outcomes/cohort/")
    expect(main).to_contain_text("Sleeping well: children in care, by quarter")
    expect(main).to_contain_text("Better than when first measured")
    expect(main).not_to_contain_text("Amelia")
    axe_check()
    assert_fits(page, 320)
    axe_check()
    page.goto(f"{base}/lac/children/{amelia.pk}/")
    assert_fits(page, 320)
    axe_check()
    assert console_errors == [], console_errors
