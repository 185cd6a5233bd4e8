"""The loop around a referral (R-REF-3): the receiving team is told when one arrives (urgent
when the risk is), the decision is recorded from the command line with the page's refusals,
and a late decision reaches a named manager, marked urgent."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.accounts.models import User
from seenheard.audit.models import AuditEvent
from seenheard.jobs.models import Notification, NotificationPriority
from seenheard.jobs.services import jobs_run_due
from seenheard.referrals.escalation import ESCALATION_KIND
from seenheard.referrals.models import ReferralDecision, ReferralStatus
from seenheard.referrals.rules import DecisionInput, referral_urgent
from seenheard.referrals.services import referral_decide, referral_send
from seenheard.referrals.tests.helpers import complete_input
from seenheard.tasks.models import Task
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

SCRIPT = Path(sys.executable).parent / "seenheard"
FRIDAY_3PM = dt.datetime(2026, 12, 4, 15, tzinfo=dt.UTC)


@pytest.fixture
def gp(actor_named):
    return actor_named("gp")


def user_id(username: str) -> int:
    return User.objects.get(username=username).pk


def arrivals() -> list[Notification]:
    return list(Notification.objects.filter(topic="referral-arrived").order_by("pk"))


# --- the receiving team is told ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "severity", "urgent"),
    [
        ("happening", "life-threatening", True),
        ("unlikely", "life-threatening", True),
        ("happening", "serious", True),
        ("likely", "serious", True),
        ("possible", "serious", False),
        ("happening", "moderate", False),
        ("likely", "low", False),
    ],
)
def test_a_referral_is_urgent_when_the_harm_is_grave_and_near(likelihood, severity, urgent):
    assert referral_urgent(likelihood=likelihood, severity=severity) is urgent


def test_the_receiving_team_is_told_when_a_referral_arrives(gp, noah):
    sent = referral_send(
        actor=gp,
        child_id=noah.pk,
        data=complete_input(risk_likelihood="possible", risk_severity="moderate"),
    )
    notes = arrivals()
    # Islington's social worker in her inbox; the council's shared address by e-mail. Not the
    # flag administrator, the board member or the manager (told only when it is late).
    assert {n.recipient_user_id for n in notes} == {user_id("social.worker"), None}
    worker = next(n for n in notes if n.recipient_user_id is not None)
    assert worker.subject == "A referral has arrived for your team"
    assert worker.priority == NotificationPriority.NORMAL
    assert worker.link == f"/referrals/{sent.pk}/" and worker.child_id == noah.pk
    assert "Priya Shah, GP at Demo Surgery" in worker.body and "A decision is due by" in worker.body
    jobs_run_due(worker_id="test")
    to = sorted(address for m in mail.outbox for address in m.to)
    assert to == ["childrens.services@islington.example", "social.worker@demo.example"]
    for message in mail.outbox:
        assert "Noah" not in message.body and "Brennan" not in message.body
        assert "9990000034" not in message.body
        assert not message.subject.startswith("Urgent")


def test_an_urgent_referral_arrives_as_high_priority(gp, noah, client_for):
    referral_send(actor=gp, child_id=noah.pk, data=complete_input())  # serious, happening now
    notes = arrivals()
    assert notes and all(n.priority == NotificationPriority.HIGH for n in notes)
    assert notes[0].subject == "An urgent referral has arrived for your team"
    jobs_run_due(worker_id="test")
    assert mail.outbox and all(m.subject.startswith("Urgent: ") for m in mail.outbox)
    assert all(m.extra_headers["Importance"] == "high" for m in mail.outbox)
    # The social worker's inbox shows it first, marked urgent.
    page = main_text(client_for("social.worker").get("/inbox/"))
    assert "1 urgent unread message" in page and "nhsuk-tag--red" in page


def test_a_late_decision_reaches_the_councils_named_manager_marked_urgent(gp, noah, client_for):
    with time_machine.travel(FRIDAY_3PM, tick=False):
        sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
        jobs_run_due(worker_id="test")
    mail.outbox.clear()
    with time_machine.travel(sent.decision_due_at + dt.timedelta(minutes=1), tick=False):
        jobs_run_due(worker_id="test")
    task = Task.objects.get(kind=ESCALATION_KIND)
    told = Notification.objects.get(topic="task", link=f"/tasks/{task.pk}/")
    assert told.recipient_user_id == user_id("team.manager")  # Marcus Bell, by name
    assert told.priority == NotificationPriority.HIGH
    [email] = mail.outbox
    assert email.to == ["team.manager@demo.example"] and email.subject.startswith("Urgent: ")
    page = main_text(client_for("team.manager").get("/tasks/"))
    assert "A referral is waiting for a decision past its time" in page


# --- the decision from the command line --------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("referrals", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_the_team_lists_what_waits_and_decides_from_the_command_line(gp, noah):
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    listed = run("list", "--by", "social.worker", "--org", "E09000019", "--undecided")
    header, row = listed.strip().split("\n")
    assert header.split("\t")[0] == "id" and row.split("\t")[0] == str(sent.pk)
    assert "Priya Shah, Demo Surgery" in row and "9990000034" in row
    assert AuditEvent.objects.filter(
        object_type="Referral", object_id=str(sent.pk), actor_username="social.worker"
    ).exists()

    said = run(
        "decide",
        str(sent.pk),
        "--by",
        "social.worker",
        "--outcome",
        "strategy-discussion",
        "--reasons",
        "Section 47 threshold met.",
    )

    assert said.strip() == (
        f"Referral {sent.pk}: decided, Strategy discussion. Priya Shah (Demo Surgery) has been "
        "told."
    )
    decision = ReferralDecision.objects.get()
    assert decision.decided_by_name == "Sofia Walsh" and decision.reasons.startswith("Section 47")
    assert Notification.objects.filter(topic="referral-decided").count() == 1
    assert (
        run("list", "--by", "social.worker", "--undecided").strip()
        == "No referrals waiting for a decision for Islington."
    )
    assert "Strategy discussion" in run("list", "--by", "social.worker")


def test_the_command_refuses_as_the_page_does_and_changes_nothing(gp, la_social_worker, noah):
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    decide = ("decide", str(sent.pk), "--by", "social.worker")
    assert refused(*decide, "--outcome", "", "--reasons", " ") == (
        "--outcome: Choose what you have decided. One of: no-further-action, early-help, "
        "assessment, strategy-discussion, child-protection-enquiry, redirected.\n"
        "--reasons: Give the reasons for the decision, for the referrer."
    )
    assert "--redirected-to: Say which service" in refused(
        *decide, "--outcome", "redirected", "--reasons", "Not for us."
    )
    assert "--reasons: The reasons must be 8,000 characters or fewer." in refused(
        *decide, "--outcome", "assessment", "--reasons", "x" * 100_000
    )
    # Unknown, not sent to the team and someone else's: the same answer.
    unknown = refused("decide", "999999", "--by", "social.worker", "--outcome", "assessment",
                      "--reasons", "x")  # fmt: skip
    for who in ("gp", "stranger"):
        assert (
            refused(
                "decide", str(sent.pk), "--by", who, "--outcome", "assessment", "--reasons", "x"
            )
            == unknown
            == "No referral sent to your team was found with this id."
        )
    assert refused("decide", "12abc", "--by", "social.worker", "--outcome", "assessment",
                   "--reasons", "x").startswith("ID: An id is a whole number")  # fmt: skip
    assert not ReferralDecision.objects.exists()
    assert not Notification.objects.filter(topic="referral-decided").exists()
    # Deciding twice: its own answer, naming the day.
    referral_decide(
        actor=la_social_worker, referral_id=sent.pk, decision=DecisionInput("assessment", "x")
    )
    assert refused(*decide, "--outcome", "no-further-action", "--reasons", "y").startswith(
        "A decision on this referral was already recorded on "
    )
    assert ReferralDecision.objects.get().outcome == "assessment"


def test_the_command_names_who_may_act(cast):
    assert refused("list", "--by", "nobody") == "--by: nobody has the username 'nobody'."
    assert refused("list", "--by", "social.worker", "--org", "RDEMO") == (
        "--org: social.worker has no active role at 'RDEMO'."
    )
    assert refused("list", "--by", "board") == (
        "--by: board is board member or commissioner at Islington, a role that sees no referrals."
    )


@pytest.mark.django_db(transaction=True)
def test_the_real_script_exits_2_with_the_message(cli_env, cast):
    done = subprocess.run(
        [
            str(SCRIPT),
            "referrals",
            "decide",
            "424242",
            "--by",
            "social.worker",
            "--outcome",
            "assessment",
            "--reasons",
            "x",
        ],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "No referral sent to your team was found with this id."


# --- the page answers deciding twice with its own message --------------------------------------


def test_the_page_says_a_referral_was_already_decided(gp, la_social_worker, noah, client_for):
    sent = referral_send(actor=gp, child_id=noah.pk, data=complete_input())
    council = client_for("social.worker")
    first = council.post(
        f"/referrals/{sent.pk}/decide/", {"outcome": "assessment", "reasons": "Assess."}
    )
    assert first.status_code == 302
    # A second person opens the form before the first decided, then submits.
    referral = ReferralDecision.objects.get().referral
    assert referral.status == ReferralStatus.DECIDED
    again = council.post(
        f"/referrals/{sent.pk}/decide/", {"outcome": "no-further-action", "reasons": "No."}
    )
    assert again.status_code == 200
    assert "A decision on this referral was already recorded on" in main_text(again)
    assert ReferralDecision.objects.get().outcome == "assessment"
    assert client_for("gp").get(f"/referrals/{sent.pk}/decide/").status_code == 404
    assert client_for("stranger").get(f"/referrals/{sent.pk}/decide/").status_code == 404
