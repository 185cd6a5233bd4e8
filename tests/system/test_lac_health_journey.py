"""Browser journey for the looked-after children's nurse (issue 11 items 3, 5, 9; R-OUT-1,
R-OUT-2, R-VOICE-1): the tracker shows the initial assessment due across Christmas and New Year
and late the day after; a SMART plan missing its measure is refused against the field, then
written, and reviewed at a review health assessment. Every page is checked with axe-core, also
at 320 px wide, and must log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.lac_health.models import HealthPlan, PlanReview
from seenheard.lac_health.services import lac_import_apply
from seenheard.lac_health.tests import files as f
from tests.system.helpers import assert_fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_care_before_christmas() -> None:
    council = Organisation.objects.get(code="E09000019")
    lac_import_apply(
        actor=system_actor(council, channel="cli"),
        la_code=council.code,
        header=f.header(f.AMELIA),
        episodes=f.episodes("A100,19/12/2025,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC123456\n"),
    )


def _voice(page: Page) -> None:
    page.locator("#voice-words").fill("I want a dentist I can walk to after school.")
    page.get_by_label("The child was seen alone").check()


def _date(page: Page, name: str, day: str, month: str, year: str) -> None:
    page.locator(f"#{name}-day").fill(day)
    page.locator(f"#{name}-month").fill(month)
    page.locator(f"#{name}-year").fill(year)


def test_the_nurse_tracks_the_iha_and_writes_and_reviews_a_smart_plan(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    _in_care_before_christmas()
    sign_in(page, base, "lac.nurse")

    # In care on Friday 19 December 2025: 20 working days, skipping Christmas, Boxing Day and
    # New Year's Day, is Wednesday 21 January 2026. Due that day, late the next.
    page.goto(base + "/lac/?as_of=2026-01-21")
    main = page.locator("main")
    expect(main).to_contain_text("21 Jan 2026")
    expect(main).to_contain_text("Up to date")
    axe_check()
    page.goto(base + "/lac/?as_of=2026-01-22")
    expect(main).to_contain_text("Initial assessment overdue since 21 Jan 2026")
    axe_check()

    # The child's health record, then a plan with an objective missing its measure
    page.get_by_role("link", name="Amelia Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    axe_check()
    page.get_by_role("link", name="Write a health plan").click()
    page.locator("#objective-0-need").fill("Two teeth need filling")
    page.locator("#objective-0-action").fill("Register with a dentist near school")
    page.locator("#objective-0-target").fill("Seen by a dentist")
    page.locator("#objective-0-owner").fill("Mrs Okafor, foster carer")
    _date(page, "objective-0-due_on", "31", "3", "2027")
    page.locator("#objective-0-child_view").fill("Wants a dentist she can walk to")
    _voice(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter how it will be measured.")
    axe_check()
    assert not HealthPlan.objects.exists()
    page.locator("#objective-0-measure").fill("Check-up attended")
    _voice(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Hart")
    expect(main).to_contain_text("Objective 1: Two teeth need filling")

    # The review health assessment, then the plan reviewed at it
    page.get_by_role("link", name="Record a health assessment").click()
    page.get_by_label("Review health assessment").check()
    _date(page, "assessed_on", "1", "12", "2026")
    page.locator("#assessor_name").fill("Lola Adeyemi")
    page.locator("#assessor_role").fill("Looked-after children's nurse")
    page.locator("#place").fill("Her foster home")
    page.get_by_label("Assessed").check()
    page.locator("#findings").fill("Well. Dental treatment finished.")
    _voice(page)
    axe_check()
    page.get_by_role("button", name="Save the assessment").click()
    expect(main).to_contain_text("Review health assessment, 1 December 2026")
    page.get_by_role("link", name="Review the plan").click()
    axe_check()
    page.get_by_label("Review assessment on 1 December 2026 by Lola Adeyemi").check()
    page.get_by_label("Achieved").check()
    page.locator(f"#note-{HealthPlan.objects.get().objectives.get().pk}").fill("Two fillings done.")
    page.get_by_role("button", name="Save the review").click()
    expect(main).to_contain_text("Achieved: Two fillings done.")
    assert PlanReview.objects.count() == 1
    axe_check()
    assert_fits(page, 320)
    axe_check()
    assert console_errors == [], console_errors
