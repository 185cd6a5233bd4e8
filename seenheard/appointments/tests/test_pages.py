"""The appointment pages (R-WNB-1, R-WNB-5): a clinic books, records "was not brought" and
the clinician triages it; strangers get the "not found" page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from seenheard.appointments.models import Appointment, Outcome, Triage
from seenheard.core import clock


def _booking(nhs: str, *, at: dt.datetime, service: str = "health-visiting") -> dict[str, str]:
    local = timezone.localtime(at)
    return {
        "nhs_number": nhs,
        "service": service,
        "day": str(local.day),
        "month": str(local.month),
        "year": str(local.year),
        "time": f"{local:%H:%M}",
    }


def test_a_clerk_books_records_was_not_brought_and_the_clinician_triages(client_for, jayden):
    hv = client_for("hv.nurse")
    assert hv.get("/appointments/book/").status_code == 200
    answer = hv.post(
        "/appointments/book/", _booking(jayden.nhs_number, at=clock.now() - dt.timedelta(hours=2))
    )
    assert answer.status_code == 302
    appointment = Appointment.objects.get()
    listed = hv.get("/appointments/").content.decode()
    assert "Jayden Hart" in listed
    shown = hv.get(f"/appointments/{appointment.pk}/").content.decode()
    assert "Was not brought" in shown
    assert "did not attend" not in shown.lower()
    hv.post(f"/appointments/{appointment.pk}/", {"outcome": "was-not-brought"})
    triage = Triage.objects.get()
    page = hv.get(f"/appointments/triage/{triage.pk}/").content.decode()
    assert "Suggested risk" in page and "Jayden Hart" in page
    refused = hv.post(f"/appointments/triage/{triage.pk}/", {"risk": "low", "action": "rebook"})
    assert refused.status_code == 400
    assert "Say what will be done" in refused.content.decode()
    done = hv.post(
        f"/appointments/triage/{triage.pk}/",
        {
            "risk": "medium",
            "reason": "Car broke down",
            "action": "rebook",
            "action_detail": "Rebooked for Thursday; phoned mother.",
        },
    )
    assert done.status_code == 302
    assert "Rebooked for Thursday" in hv.get(f"/appointments/triage/{triage.pk}/").content.decode()


def test_bad_input_is_answered_against_the_field_and_nothing_changes(client_for, jayden, noah):
    hv = client_for("hv.nurse")
    now = clock.now()
    for nhs, words in (
        ("123", "10 digits"),
        ("9990000042", "No child was found"),
        (noah.nhs_number, "No child was found"),
    ):
        answer = hv.post("/appointments/book/", _booking(nhs, at=now))
        assert answer.status_code == 400
        assert words in answer.content.decode()
    assert not Appointment.objects.exists()
    hv.post("/appointments/book/", _booking(jayden.nhs_number, at=now + dt.timedelta(days=1)))
    future = Appointment.objects.get()
    answer = hv.post(f"/appointments/{future.pk}/", {"outcome": "was-not-brought"})
    assert answer.status_code == 400
    assert "has not happened yet" in answer.content.decode()
    future.refresh_from_db()
    assert future.outcome == Outcome.BOOKED


def test_a_second_outcome_is_a_conflict(client_for, jayden):
    hv = client_for("hv.nurse")
    hv.post("/appointments/book/", _booking(jayden.nhs_number, at=clock.now()))
    appointment = Appointment.objects.get()
    hv.post(f"/appointments/{appointment.pk}/", {"outcome": "attended"})
    again = hv.post(f"/appointments/{appointment.pk}/", {"outcome": "was-not-brought"})
    assert again.status_code == 409
    assert "already recorded" in again.content.decode()
    appointment.refresh_from_db()
    assert appointment.outcome == Outcome.ATTENDED


def test_a_stranger_gets_nothing(client_for, jayden):
    hv = client_for("hv.nurse")
    hv.post("/appointments/book/", _booking(jayden.nhs_number, at=clock.now()))
    appointment = Appointment.objects.get()
    hv.post(f"/appointments/{appointment.pk}/", {"outcome": "was-not-brought"})
    triage = Triage.objects.get()
    stranger = client_for("stranger")
    for path in (
        "/appointments/",
        "/appointments/book/",
        f"/appointments/{appointment.pk}/",
        f"/appointments/triage/{triage.pk}/",
    ):
        assert stranger.get(path).status_code == 404, path
    assert (
        stranger.post(f"/appointments/{appointment.pk}/", {"outcome": "attended"}).status_code
        == 404
    )


def test_the_council_finds_a_child_in_care_not_brought_in_its_inbox(
    client_for, actor_named, amelia, book, on_plans
):
    """R-WNB-3: the council is told through its inbox, as for an attendance (R-FLAG-5)."""
    from seenheard.appointments.services import appointment_outcome_record
    from seenheard.flags.models import FlagAttendanceAlert

    hv = actor_named("hv.nurse")
    appt = book(hv, amelia.nhs_number, service="school-nursing")
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    social = client_for("social.worker")
    inbox = social.get("/council/attendances/").content.decode()
    assert "Amelia Hart" in inbox
    assert f"Not brought to a school nursing appointment at {hv.organisation.name}" in inbox
    assert "Hannah Vale" in inbox  # who recorded it
    assert "did not attend" not in inbox.lower()
    alert = FlagAttendanceAlert.objects.get(child=amelia)
    assert social.post(f"/council/attendances/{alert.pk}/seen/").status_code == 302
    alert.refresh_from_db()
    assert alert.seen_at is not None


def test_the_childs_summary_shows_appointments_coming_up_and_recent_in_plain_words(
    client_for, actor_named, jayden, book
):
    """R-WNB-1: the summary lists the child's appointments with every service, and how each
    went ("Was not brought", never "did not attend"); reading them is audited."""
    from seenheard.appointments.services import appointment_outcome_record
    from seenheard.audit.models import AuditEvent
    from seenheard.web.tests.helpers import main_text

    hv = actor_named("hv.nurse")
    missed = book(hv, jayden.nhs_number, service="school-nursing", hours_ago=30)
    appointment_outcome_record(actor=hv, appointment_id=missed.pk, outcome="was-not-brought")
    seen = book(hv, jayden.nhs_number, hours_ago=5)
    appointment_outcome_record(actor=hv, appointment_id=seen.pk, outcome="attended")
    book(hv, jayden.nhs_number, service="immunisation", hours_ago=-48)  # in two days

    gp = client_for("gp")
    response = gp.get(f"/children/{jayden.pk}/")
    assert response.status_code == 200
    body = main_text(response)
    assert "Appointments" in body and "Coming up" in body
    assert "Immunisations" in body and "Booked" in body
    assert "School nursing" in body and "Was not brought" in body
    assert "Attended" in body
    assert "Jayden was not brought to 1 of 2 shown" in body
    assert "did not attend" not in body.lower()
    assert AuditEvent.objects.filter(
        object_type="ChildAppointments",
        child_id=jayden.pk,
        actor_username="gp",
        detail__purpose="summary",
    ).exists()
    # Someone who may not see Jayden gets the one "not found" page, and nothing of his.
    hidden = client_for("stranger").get(f"/children/{jayden.pk}/")
    assert hidden.status_code == 404
    assert "School nursing" not in hidden.content.decode()
