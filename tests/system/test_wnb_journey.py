"""Browser journeys for children who are not brought (issue 10; R-WNB-1 to R-WNB-3, R-WNB-5):
a clinic clerk records a "was not brought", the clinician triages it, the second puts the
child on next week's safeguarding meeting, which records its decision and prints; and a child
in care not brought reaches the safeguarding team, the school nurse and the council. Every page
is checked with axe-core and must log no console error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from seenheard.access.actor import actor_for
from seenheard.accounts.models import User
from seenheard.appointments.rules import iso_week_of
from seenheard.appointments.services import appointment_book, appointment_outcome_record
from seenheard.core import clock
from tests.system.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAYDEN = "9990000026"
AMELIA = "9990000018"


def _earlier_wnb() -> None:
    hv = actor_for(User.objects.get(username="hv.nurse"))
    made = appointment_book(
        actor=hv,
        nhs_number=JAYDEN,
        service="school-nursing",
        starts_at=clock.now() - dt.timedelta(days=40),
    )
    appointment_outcome_record(actor=hv, appointment_id=made.pk, outcome="was-not-brought")


def test_a_wnb_is_triaged_and_the_second_goes_to_next_weeks_meeting(
    page: Page, live_server, cast, console_errors, axe_check
):
    base = live_server.url
    _earlier_wnb()
    started = timezone.localtime(clock.now() - dt.timedelta(hours=1))

    # Given the clinic's clerk books Jayden's school nursing appointment that started an hour ago
    sign_in(page, base, "hv.nurse")
    page.goto(f"{base}/appointments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Appointments")
    axe_check()
    page.get_by_role("button", name="Book an appointment").click()
    axe_check()
    page.get_by_role("button", name="Book the appointment").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check()
    page.get_by_label("The child's NHS number").fill(JAYDEN)
    page.get_by_label("School nursing").check()
    page.get_by_label("Day").fill(str(started.day))
    page.get_by_label("Month").fill(str(started.month))
    page.get_by_label("Year").fill(str(started.year))
    page.get_by_label("Time").fill(f"{started:%H:%M}")
    page.get_by_role("button", name="Book the appointment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jayden Hart")
    axe_check()

    # When she records that he was not brought
    page.get_by_label("Was not brought").check()
    page.get_by_role("button", name="Record what happened").click()
    expect(page.locator("main")).to_contain_text("Was not brought")
    expect(page.locator("main")).not_to_contain_text("did not attend")

    expect(page.get_by_role("link", name="Triage why Jayden was not brought")).to_be_visible()

    # Then the triage task on the clinic's worklist closes only on the triage form (ADR 030)
    page.goto(f"{base}/tasks/")
    card = page.locator(".nhsuk-card", has_text=f"{started:%-d %B %Y at %H:%M}")
    card.get_by_role("link", name="Record the outcome").click()
    expect(page.locator("#closed-on")).to_contain_text("This task closes when the triage decision")
    expect(page.get_by_label("Outcome")).to_have_count(0)
    axe_check()

    # And the clinician is asked why, beside what is known about him
    page.get_by_role("link", name="open the triage form").click()
    expect(page.locator("main")).to_contain_text("Suggested risk")
    expect(page.locator("main")).to_contain_text("second appointment not brought to")
    axe_check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the action to take.")
    axe_check()
    page.get_by_label("Why the child was not brought, if known").fill("Not known: no answer.")
    page.get_by_label("Medium").check()
    page.get_by_label("Discuss at the safeguarding meeting").check()
    page.get_by_label("What will be done, and by whom").fill("Raise at Tuesday's meeting.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("Raise at Tuesday's meeting.")
    axe_check()

    # And the trust's safeguarding lead finds him on next week's meeting and records a decision
    week = iso_week_of(clock.today() + dt.timedelta(days=7))
    sign_in(page, base, "safeguarding.lead")
    page.goto(f"{base}/appointments/meeting/{week}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(week)
    expect(page.locator("main")).to_contain_text("Not brought to 2 appointments")
    axe_check()
    page.get_by_label("What the meeting decided about Jayden").fill(
        "School nurse to visit at home and tell his GP."
    )
    page.get_by_label("What needs doing").first.fill("Home visit")
    page.get_by_label("Who will do it").first.select_option(
        label="Hannah Vale, Health visitor or school nurse"
    )
    due = clock.today() + dt.timedelta(days=5)
    page.get_by_label("Day").first.fill(str(due.day))
    page.get_by_label("Month").first.fill(str(due.month))
    page.get_by_label("Year").first.fill(str(due.year))
    page.get_by_role("button", name="Record the decision about Jayden").click()
    expect(page.locator("main")).to_contain_text("School nurse to visit at home")
    expect(page.locator("main")).to_contain_text("Home visit: due")
    axe_check()
    printed = page.request.get(f"{base}/appointments/meeting/{week}/minutes.pdf")
    assert printed.status == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert console_errors == []


def test_a_child_in_care_not_brought_reaches_the_team_the_nurse_and_the_council(
    page: Page, live_server, cast, console_errors, axe_check
):
    from seenheard.demo.cast import demo_flags_ensure

    demo_flags_ensure()
    base = live_server.url
    lac = actor_for(User.objects.get(username="lac.nurse"))
    made = appointment_book(
        actor=lac,
        nhs_number=AMELIA,
        service="lac-health-assessment",
        starts_at=clock.now() - dt.timedelta(hours=1),
    )
    sign_in(page, base, "lac.nurse")
    page.goto(f"{base}/appointments/{made.pk}/")
    page.get_by_label("Was not brought").check()
    page.get_by_role("button", name="Record what happened").click()
    expect(page.locator("main")).to_contain_text("Was not brought")

    sign_in(page, base, "safeguarding.lead")
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text("A child looked after was not brought")
    axe_check()
    # The council is told as for an attendance: its inbox of children on its plans (R-WNB-3)
    sign_in(page, base, "social.worker")
    page.goto(f"{base}/council/attendances/")
    row = page.locator("tr", has_text="Amelia Hart")
    expect(row).to_contain_text(
        "Not brought to a looked-after children's health assessment appointment"
    )
    axe_check()
    row.get_by_role("button", name="Mark as seen").click()
    expect(page.locator("tr", has_text="Amelia Hart")).to_contain_text("Seen")
    sign_in(page, base, "hv.nurse")
    page.goto(f"{base}/tasks/")
    expect(page.locator("main")).to_contain_text("Amelia Hart")
    expect(page.locator("main")).to_contain_text("Child on a plan not brought")
    axe_check()
    assert console_errors == []
