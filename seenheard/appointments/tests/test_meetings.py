"""The weekly safeguarding meeting (R-WNB-2, R-WNB-3, R-WNB-6): who is on the agenda and why,
decisions and actions, the CSV and the command."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

import pytest
import time_machine
from django.utils import timezone

from seenheard.appointments import errors
from seenheard.appointments.kinds import MEETING_ACTION
from seenheard.appointments.meetings import (
    ActionGiven,
    agenda_build,
    meeting_actor,
    meeting_decision_record,
    meeting_owners,
)
from seenheard.appointments.rules import iso_week_of
from seenheard.appointments.services import appointment_book, appointment_outcome_record
from seenheard.core import clock
from seenheard.tasks.models import Task

# A Wednesday: its week is 2026-W49, so its meeting is 2026-W50's.
WEDNESDAY = dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC)


def _wnb(actor, nhs, *, at, service="health-visiting", outcome="was-not-brought", reason=""):
    with time_machine.travel(at + dt.timedelta(hours=1), tick=False):
        made = appointment_book(actor=actor, nhs_number=nhs, service=service, starts_at=at)
        appointment_outcome_record(
            actor=actor, appointment_id=made.pk, outcome=outcome, reason=reason
        )
    return made


def test_the_second_wnb_puts_the_child_on_next_weeks_agenda(hv, lead, jayden):
    _wnb(hv, jayden.nhs_number, at=WEDNESDAY - dt.timedelta(days=60))
    assert not agenda_build(actor=lead, week="2026-W50").items
    _wnb(hv, jayden.nhs_number, at=WEDNESDAY)
    agenda = agenda_build(actor=lead, week="2026-W50")
    [item] = agenda.items
    assert item.child == jayden
    assert item.wnbs == 2
    assert item.reasons == ["Not brought to 2 appointments in the last 12 months"]
    # Not the week of the WNB itself, nor the one after next.
    assert not agenda_build(actor=lead, week="2026-W49").items
    assert not agenda_build(actor=lead, week="2026-W51").items


def test_a_wnb_of_a_looked_after_child_is_on_the_agenda_at_once(hv, lead, amelia, on_plans):
    _wnb(hv, amelia.nhs_number, at=WEDNESDAY)
    [item] = agenda_build(actor=lead, week="2026-W50").items
    assert "while on a plan or looked after" in item.reasons[0]


def test_missed_immunisations_count_only_while_on_a_plan(hv, lead, amelia, jayden, on_plans):
    """R-WNB-6: counted by the database, with the plan checked on each appointment's day."""
    for child in (amelia, jayden):
        for days in (60, 0):
            _wnb(
                hv, child.nhs_number, at=WEDNESDAY - dt.timedelta(days=days), service="immunisation"
            )
    items = {i.child.pk: i for i in agenda_build(actor=lead, week="2026-W50").items}
    assert items[amelia.pk].reasons == [
        "Not brought to 2 appointments in the last 12 months",
        "Not brought to an appointment while on a plan or looked after",
        "2 immunisation appointments missed in the last 12 months",
    ]
    assert items[jayden.pk].reasons == ["Not brought to 2 appointments in the last 12 months"]


def test_three_family_reschedules(hv, lead, jayden):
    for days in (100, 50, 0):
        _wnb(
            hv,
            jayden.nhs_number,
            at=WEDNESDAY - dt.timedelta(days=days),
            outcome="family-cancelled",
            reason="Family asked to move it",
        )
    [item] = agenda_build(actor=lead, week="2026-W50").items
    assert item.reasons == [
        "3 appointments cancelled or rescheduled by the family in the last 12 months"
    ]
    assert item.wnbs == 0


def test_the_trust_sees_its_settings_and_the_practice_only_its_own(hv, gp, lead, jayden, cast):
    for days in (30, 0):
        _wnb(hv, jayden.nhs_number, at=WEDNESDAY - dt.timedelta(days=days))
    practice = meeting_actor(cast["YDEMO1"], channel="cli")
    assert not agenda_build(actor=practice, week="2026-W50").items
    assert agenda_build(actor=meeting_actor(cast["RDEMO"], channel="cli"), week="2026-W50").items
    assert agenda_build(actor=meeting_actor(cast["RDEMO-HV"], channel="cli"), week="2026-W50").items


def test_a_week_that_does_not_exist_is_refused(lead):
    with pytest.raises(errors.WeekInvalid):
        agenda_build(actor=lead, week="2026-W60")


def test_the_meeting_records_a_decision_and_actions_once(hv, lead, jayden):
    for days in (30, 0):
        _wnb(hv, jayden.nhs_number, at=WEDNESDAY - dt.timedelta(days=days))
    owner = next(m for m in meeting_owners(lead) if m.user.username == "hv.nurse")
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=6), tick=False):
        with pytest.raises(errors.DecisionIncomplete) as missing:
            meeting_decision_record(
                actor=lead,
                week="2026-W50",
                child_id=jayden.pk,
                decision="Home visit",
                actions=[ActionGiven("Visit", owner.pk, None)],
            )
        assert missing.value.field == "due_1"
        meeting_decision_record(
            actor=lead,
            week="2026-W50",
            child_id=jayden.pk,
            decision="Health visitor to visit at home this week.",
            actions=[ActionGiven("Home visit", owner.pk, dt.date(2026, 12, 11))],
        )
        task = Task.objects.get(kind=MEETING_ACTION)
        assert task.owner_user_id == owner.user_id
        assert task.due_on == dt.date(2026, 12, 11)
        [item] = agenda_build(actor=lead, week="2026-W50").items
        assert item.decision is not None
        with pytest.raises(errors.DecisionRecorded):
            meeting_decision_record(
                actor=lead, week="2026-W50", child_id=jayden.pk, decision="Again", actions=[]
            )


def test_only_those_who_run_the_meeting_record_decisions(hv, stranger, jayden):
    with pytest.raises(errors.AppointmentNotFound):
        meeting_decision_record(
            actor=hv, week="2026-W50", child_id=jayden.pk, decision="x", actions=[]
        )


def test_the_meeting_pages(client_for, hv, jayden):
    for days in (30, 0):
        _wnb(hv, jayden.nhs_number, at=WEDNESDAY - dt.timedelta(days=days))
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=6), tick=False):
        lead = client_for("safeguarding.lead")
        now = lead.get("/appointments/meeting/")
        assert now.status_code == 302 and now["Location"] == "/appointments/meeting/2026-W50/"
        page = lead.get("/appointments/meeting/2026-W50/").content.decode()
        assert "Jayden Hart" in page and "Not brought to 2 appointments" in page
        csv_text = lead.get("/appointments/meeting/2026-W50/agenda.csv").content.decode()
        assert jayden.nhs_number in csv_text
        refused = lead.post(f"/appointments/meeting/2026-W50/{jayden.pk}/", {"decision": ""})
        assert refused.status_code == 400
        done = lead.post(
            f"/appointments/meeting/2026-W50/{jayden.pk}/",
            {"decision": "Discussed: rebook with a reminder call."},
        )
        assert done.status_code == 302
        assert (
            "rebook with a reminder call"
            in lead.get("/appointments/meeting/2026-W50/").content.decode()
        )
        assert lead.get("/appointments/meeting/2026-W60/").status_code == 404
        pdf = lead.get("/appointments/meeting/2026-W50/minutes.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        board = _board(client_for)
        figures = board.get("/appointments/figures/")
        assert figures.status_code == 200
        text = figures.content.decode()
        assert "Children not brought, by service and month" in text
        assert "Jayden" not in text and jayden.nhs_number not in text
    stranger = client_for("stranger")
    for path in (
        "/appointments/meeting/",
        "/appointments/meeting/2026-W50/",
        "/appointments/meeting/2026-W50/agenda.csv",
    ):
        assert stranger.get(path).status_code == 404
    assert client_for("hv.nurse").get("/appointments/meeting/2026-W50/").status_code == 404


def _board(client_for):
    """A board member of the trust (the demo's board member is the council's)."""
    from seenheard.accounts.models import Membership, Organisation, Role, User

    user = User.objects.get(username="board")
    Membership.objects.get_or_create(
        user=user, organisation=Organisation.objects.get(code="RDEMO"), role=Role.BOARD
    )
    Membership.objects.filter(user=user).exclude(organisation__code="RDEMO").update(active=False)
    return client_for("board")


def test_the_command_writes_the_agenda(cli_env, tmp_path, cast):
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.children.models import Child

    hv = actor_for(User.objects.get(username="hv.nurse"))
    jayden = Child.objects.get(nhs_number="9990000026")  # scope-exempt: test set-up
    for days in (30, 0):
        _wnb(hv, jayden.nhs_number, at=WEDNESDAY - dt.timedelta(days=days))
    out = tmp_path / "agenda.csv"
    for org in ("RDEMO", "RDEMO-HV"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "seenheard",
                "wnb",
                "agenda",
                "--org",
                org,
                "--week",
                "2026-W50",
                "--out",
                str(out),
            ],
            env=cli_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        rows = list(csv.reader(out.open()))
        assert rows[0] == ["nhs_number", "name", "date_of_birth", "reasons", "wnb_count"]
        assert rows[1][:3] == ["9990000026", "Jayden Hart", "2019-07-14"] and rows[1][4] == "2"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "seenheard",
            "wnb",
            "agenda",
            "--org",
            "RDEMO",
            "--week",
            "2026-W60",
            "--out",
            str(tmp_path / "none.csv"),
        ],
        env=cli_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "2026-W60" in bad.stderr
    assert not (tmp_path / "none.csv").exists()
    practice = subprocess.run(
        [
            sys.executable,
            "-m",
            "seenheard",
            "wnb",
            "agenda",
            "--org",
            "YDEMO1",
            "--week",
            "2026-W50",
            "--out",
            "-",
        ],
        env=cli_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert practice.returncode == 0 and "9990000026" not in practice.stdout


def test_iso_week_of_today_is_a_week():
    assert iso_week_of(clock.today()).startswith(str(timezone.localdate().isocalendar()[0]))
