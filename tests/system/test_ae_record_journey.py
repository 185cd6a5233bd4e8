"""Browser journey for R-REF-4: an A&E nurse registers a 16-year-old, tries to discharge him
with parts of his A&E record missing, is told each missing part, completes the record (the
adult and their parental responsibility, his own account taken alone, the questions for 16
and 17 year olds, the safeguarding prompts, the discharge) and discharges him. The record's
page works at 320 px; every page is checked with axe-core and must log no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from seenheard.encounters.models import AttendanceRecord, Encounter
from seenheard.encounters.tests.record_helpers import child_aged
from seenheard.protocols.ae_record_lists import OLDER_RISK_QUESTIONS, SAFEGUARDING_PROMPTS
from tests.system.helpers import sign_in
from tests.system.test_reflow import WIDTH, _fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kai(cast):
    """Kai Morgan, 16, known to no setting."""
    return child_aged(16)


def answer_no_to_every_question(page: Page) -> None:
    for item in (*OLDER_RISK_QUESTIONS, *SAFEGUARDING_PROMPTS):
        page.get_by_role("group", name=item.name).get_by_label("No", exact=True).check()


def test_a_nurse_cannot_discharge_a_16_year_old_until_his_record_is_complete(
    page: Page, live_server, kai, console_errors, axe_check
):
    base = live_server.url

    # Given the A&E nurse registers Kai's attendance
    sign_in(page, base, "ae.nurse")
    page.get_by_role("link", name="Register an attendance").first.click()
    page.get_by_label("NHS number", exact=True).fill(kai.nhs_number)
    page.get_by_role("button", name="Search by NHS number").click()
    page.get_by_role("button", name="Register attendance for Kai Morgan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kai Morgan")
    expect(page.get_by_role("heading", name="Kai's A&E record")).to_be_visible()
    axe_check()

    # When she opens his A&E record on a narrow screen
    page.get_by_role("link", name="Write the A&E record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A&E record: Kai Morgan")
    expect(page.get_by_role("group", name="Questions for 16 and 17 year olds")).to_be_visible()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    _fits(page, axe_check)

    # And tries to discharge him with only who came with him
    page.get_by_label("An adult came with them").check()
    page.get_by_label("The adult's full name").fill("Dana Morgan")
    page.get_by_role("button", name="Discharge Kai").click()

    # Then she is told what is missing, against each part, and he is not discharged
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("You cannot discharge Kai yet")
    expect(summary).to_contain_text("Choose the adult's relationship to the child.")
    expect(summary).to_contain_text("Say whether the adult has parental responsibility")
    expect(summary).to_contain_text("Write down the child's views and wishes")
    expect(summary).to_contain_text("Say who the young person lives with.")
    expect(summary).to_contain_text("Say who the child left with.")
    expect(page.get_by_label("The adult's full name")).to_have_value("Dana Morgan")
    _fits(page, axe_check)
    encounter = Encounter.objects.get(child=kai)
    assert encounter.discharged_at is None

    # When she completes the record
    page.get_by_label("Mother", exact=True).check()
    page.get_by_role("group", name="Do they have parental responsibility?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("What Kai said, in their own words").fill(
        "I came off my skateboard at the park. Nobody hurt me."
    )
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("Yes, the child was spoken to apart from the adult").check()
    page.get_by_label("Who do they live with?").fill("Mum and her partner")
    answer_no_to_every_question(page)
    page.get_by_label("The adult who came with them").check()
    page.get_by_label("Follow-up arranged").fill("Fracture clinic on Monday at 10am.")
    page.get_by_label("GP", exact=True).check()
    page.get_by_role("button", name="Discharge Kai").click()

    # Then he is discharged, and the record is shown as it was completed
    expect(page.get_by_text("Kai Morgan has been discharged.")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Complete")
    expect(main).to_contain_text("I came off my skateboard at the park.")
    expect(main).to_contain_text("Dana Morgan")
    expect(main).to_contain_text("Fracture clinic on Monday at 10am.")
    _fits(page, axe_check)
    record = AttendanceRecord.objects.get(encounter=encounter)
    assert record.status == "complete" and record.account_apart == "yes"
    encounter.refresh_from_db()
    assert encounter.status == "finished"
    assert console_errors == []
