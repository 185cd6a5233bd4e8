"""Booking, outcomes and what a "was not brought" sets off (R-WNB-1, R-WNB-3, R-WNB-5,
R-WNB-6), through the services."""

from __future__ import annotations

import pytest

from seenheard.appointments import errors
from seenheard.appointments.kinds import IMMUNISATION_FOLLOW_UP, PLAN_FOLLOW_UP, WNB_TRIAGE
from seenheard.appointments.models import Appointment, Outcome, Triage
from seenheard.appointments.services import appointment_outcome_record, triage_record
from seenheard.flags.models import FlagAttendanceAlert
from seenheard.jobs.models import Notification
from seenheard.tasks.models import Task, TaskStatus


def test_a_wnb_asks_why_of_the_clinic(hv, jayden, book):
    appt = book(hv, jayden.nhs_number)
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    triage = Triage.objects.get(appointment=appt)
    assert triage.task.kind == WNB_TRIAGE
    assert triage.task.owner_org_id == hv.organisation.pk
    assert triage.task.requirement == "R-WNB-5"
    assert triage.task.due_on is not None
    # Jayden is 7, with no other concern: low.
    assert triage.suggested_risk == "low"
    # Not on a plan: no copies.
    assert not Task.objects.filter(kind=PLAN_FOLLOW_UP).exists()


def test_the_second_wnb_suggests_medium(hv, jayden, book):
    for _ in range(2):
        appt = book(hv, jayden.nhs_number)
        appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    latest = Triage.objects.get(appointment=appt)
    assert latest.suggested_risk == "medium"
    assert "second" in latest.suggested_because


def test_unknown_invalid_and_unseen_children_are_refused_alike(hv, stranger, noah, book):
    with pytest.raises(errors.NhsNumberInvalid):
        book(hv, "1234567890")
    with pytest.raises(errors.ChildNotFound):
        book(hv, "9990000042")
    # Noah is known to no setting: the health visitor may not see him.
    with pytest.raises(errors.ChildNotFound) as unseen:
        book(hv, noah.nhs_number)
    assert unseen.value.message == errors.ChildNotFound.message
    with pytest.raises(errors.CannotBook):
        book(stranger, noah.nhs_number)
    assert not Appointment.objects.exists()


def test_an_outcome_in_the_future_is_refused_but_a_cancellation_is_not(hv, jayden, book):
    appt = book(hv, jayden.nhs_number, hours_ago=-24)
    with pytest.raises(errors.OutcomeInFuture):
        appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    appt.refresh_from_db()
    assert appt.outcome == Outcome.BOOKED
    with pytest.raises(errors.ReasonNeeded):
        appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="family-cancelled")
    appointment_outcome_record(
        actor=hv, appointment_id=appt.pk, outcome="family-cancelled", reason="Moved to Friday"
    )
    appt.refresh_from_db()
    assert appt.outcome == Outcome.FAMILY_CANCELLED


def test_a_second_outcome_is_refused_and_nothing_is_overwritten(hv, jayden, book):
    appt = book(hv, jayden.nhs_number)
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="attended")
    with pytest.raises(errors.OutcomeAlreadyRecorded) as refused:
        appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    assert "attended" in refused.value.message
    appt.refresh_from_db()
    assert appt.outcome == Outcome.ATTENDED
    assert not Triage.objects.exists()


def test_another_organisation_cannot_record_an_outcome(hv, gp, jayden, book):
    appt = book(hv, jayden.nhs_number)
    with pytest.raises(errors.AppointmentNotFound):
        appointment_outcome_record(actor=gp, appointment_id=appt.pk, outcome="was-not-brought")


def test_a_wnb_of_a_looked_after_child_reaches_the_team_the_nurse_and_the_council(
    hv, amelia, book, on_plans
):
    appt = book(hv, amelia.nhs_number)
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    assert Triage.objects.get(appointment=appt).suggested_risk == "high"
    follow_up = Task.objects.get(kind=PLAN_FOLLOW_UP)
    # Amelia is 12: the school nurse, at the combined team whose caseload she is on.
    assert follow_up.owner_org.code == "RDEMO-HV"
    assert "school nurse" in follow_up.title
    notes = Notification.objects.filter(topic="wnb-plan")
    leads = notes.filter(recipient_org_code="RDEMO-HV", recipient_email="")
    assert leads.exists()
    # The council is told as for an attendance (R-FLAG-5): its inbox, and an e-mail naming
    # no child.
    alert = FlagAttendanceAlert.objects.get(child=amelia)
    assert (alert.la.code, alert.event, alert.encounter_id) == ("E09000019", "not-brought", None)
    assert alert.what == "a health visiting appointment"
    assert alert.setting_name == hv.organisation.name
    assert alert.attended_at == appt.starts_at
    email = Notification.objects.get(topic="flag-not-brought", recipient_org_code="E09000019")
    assert "@" in email.recipient_email
    assert amelia.given_name not in email.body and amelia.family_name not in email.body
    assert "was not brought" in email.subject and "did not attend" not in email.body


def test_a_missed_immunisation_of_a_child_on_a_plan_goes_to_the_gp(hv, jayden, book, cast):
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.flags.services import flag_record_submit

    flag_record_submit(
        actor=actor_for(User.objects.get(username="flag.admin")),
        la_code="E09000019",
        nhs_number=jayden.nhs_number,
        date_of_birth=jayden.date_of_birth.isoformat(),
        plan_type="CPP",
        start_date="2025-01-06",
    )
    appt = book(hv, jayden.nhs_number, service="immunisation")
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    gp_task = Task.objects.get(kind=IMMUNISATION_FOLLOW_UP)
    assert gp_task.owner_org.code == "YDEMO1"
    assert gp_task.requirement == "R-WNB-6"
    # On a child protection plan (R-WNB-3): the school nurse's task, and the council holding
    # the plan told through its inbox.
    assert Task.objects.filter(kind=PLAN_FOLLOW_UP, child=jayden).exists()
    alert = FlagAttendanceAlert.objects.get(child=jayden)
    assert (alert.la.code, alert.event, alert.flag.plan_type) == ("E09000019", "not-brought", "CPP")
    assert alert.what == "an immunisations appointment"


def test_the_triage_closes_only_with_a_decision(hv, jayden, book):
    appt = book(hv, jayden.nhs_number)
    appointment_outcome_record(actor=hv, appointment_id=appt.pk, outcome="was-not-brought")
    triage = Triage.objects.get(appointment=appt)
    with pytest.raises(errors.TriageIncomplete) as missing:
        triage_record(
            actor=hv, triage_id=triage.pk, risk="low", reason="", action="rebook", action_detail=""
        )
    assert missing.value.field == "action_detail"
    triage_record(
        actor=hv,
        triage_id=triage.pk,
        risk="low",
        reason="Mother unwell",
        action="rebook",
        action_detail="Rebooked for next Tuesday; phoned mother.",
    )
    triage.refresh_from_db()
    assert triage.task.status == TaskStatus.DONE
    assert triage.action == "rebook"
    with pytest.raises(errors.TriageClosed):
        triage_record(
            actor=hv, triage_id=triage.pk, risk="low", reason="", action="rebook", action_detail="x"
        )
