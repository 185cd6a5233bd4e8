"""The demo cast's child protection conferences (R-REF-5) and children's feedback (R-VOICE-2).

Written through the apps' own services, so every row is checked and audited as if a person had
done it. History (conferences already held, feedback given in past months) is written with the
clock set to the day it happened (core.clock.as_of): the records carry the story's dates, the
audit trail the real time it was written. Recorded once: nothing is added when the cast
already has any.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import Actor, actor_for
from seenheard.accounts.models import User
from seenheard.children.models import Child
from seenheard.core import clock, workingdays

NOAH, JAYDEN, AMELIA = "9990000034", "9990000026", "9990000018"
LOCATION = "Islington Town Hall, Upper Street, Committee Room 2"


def _weekday(day: dt.date) -> dt.date:
    while not workingdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _actor(username: str) -> Actor:
    return actor_for(User.objects.get(username=username))


def _child_id(nhs_number: str) -> int:
    # scope-exempt: the demo's set-up finds its own cast child; the services check access.
    return Child.objects.only("pk").get(nhs_number=nhs_number).pk


def demo_casework_ensure() -> bool:
    """Conferences and feedback for the demo cast, unless any is already there. True when
    recorded now."""
    from seenheard.conferences.models import Conference
    from seenheard.feedback.models import FeedbackCode

    cast = Child.objects.filter(nhs_number__in=(NOAH, JAYDEN, AMELIA))  # scope-exempt: set-up
    if (
        Conference.objects.filter(child__in=cast).exists()
        or FeedbackCode.objects.filter(child__in=cast).exists()
    ):
        return False
    with transaction.atomic():
        demo_conferences_record()
        demo_feedback_record()
    return True


def _schedule(
    worker: Actor,
    *,
    nhs_number: str,
    kind: str,
    starts_at: dt.datetime,
    strategy_on: dt.date | None,
) -> int:
    from seenheard.conferences.models import ConferenceKind, RemoteJoining
    from seenheard.conferences.selectors import invitee_candidates
    from seenheard.conferences.services import ConferencePlan, conference_schedule

    child_id = _child_id(nhs_number)
    child = Child.objects.get(pk=child_id)  # scope-exempt: set-up, as above
    invitees = tuple(p.user_id for p in invitee_candidates(actor=worker, child=child))
    plan = ConferencePlan(
        kind=ConferenceKind(kind),
        starts_at=starts_at,
        location=LOCATION,
        remote_joining=RemoteJoining.VIDEO,
        remote_details="The link is sent with the agenda.",
        strategy_on=strategy_on,
        invitee_ids=invitees,
    )
    return conference_schedule(actor=worker, child_id=child_id, plan=plan).pk


def _gp_invitation(conference_id: int) -> int:
    from seenheard.conferences.models import ConferenceInvitation

    return ConferenceInvitation.objects.get(conference_id=conference_id, is_gp=True).pk


def _attendance(worker: Actor, conference_id: int, *, gp_attended: bool) -> None:
    from seenheard.conferences.models import Attendance, ConferenceInvitation
    from seenheard.conferences.services import conference_attendance_record

    marks = {
        i.pk: Attendance.IN_PERSON if (gp_attended or not i.is_gp) else Attendance.ABSENT
        for i in ConferenceInvitation.objects.filter(conference_id=conference_id)
    }
    conference_attendance_record(actor=worker, conference_id=conference_id, attendance=marks)


GP_REPORT = dict(
    health_and_development="Noah is growing well. Asthma reviewed in the spring; no concerns "
    "about his development. Two missed dental appointments this year.",
    parents_health="His mother has had low mood since the summer and is being seen by the "
    "practice; she says she is managing but finds mornings hard.",
    child_with_parents="Seen with his mother at his asthma review: warm with each other; "
    "Noah answered most questions for her.",
    attendances="Three attendances this year, one missed asthma review (rebooked and seen).",
)


def demo_conferences_record() -> None:
    """R-REF-5: Noah's initial conference five months ago (the GP neither came nor sent a
    report) and his review two months ago (the GP's report arrived first); his next review in
    about six weeks, the GP's invitation not yet answered; Jayden's initial conference next
    week, the GP coming in person."""
    from seenheard.conferences.models import InvitationResponse
    from seenheard.conferences.services import GpReportText, gp_report_submit, invitation_respond
    from seenheard.voice.rules import VoiceInput

    worker, gp = _actor("social.worker"), _actor("gp")
    today = clock.today()
    first = _weekday(today - dt.timedelta(days=150))
    with clock.as_of(_at(first - dt.timedelta(days=8), 9)):
        initial = _schedule(
            worker,
            nhs_number=NOAH,
            kind="initial",
            starts_at=_at(first, 10),
            strategy_on=first - dt.timedelta(days=11),
        )
    with clock.as_of(_at(first, 13)):
        _attendance(worker, initial, gp_attended=False)
    second = _weekday(today - dt.timedelta(days=65))
    with clock.as_of(_at(second - dt.timedelta(days=9), 9)):
        review = _schedule(
            worker, nhs_number=NOAH, kind="review", starts_at=_at(second, 10), strategy_on=None
        )
    with clock.as_of(_at(second - dt.timedelta(days=2), 16, 30)):
        voice = VoiceInput(words="I'm fine at home. Mum gets tired.", methods=("seen-alone",))
        gp_report_submit(
            actor=gp,
            invitation_id=_gp_invitation(review),
            text=GpReportText(voice=voice, **GP_REPORT),
        )
    with clock.as_of(_at(second, 13)):
        _attendance(worker, review, gp_attended=False)
    _schedule(
        worker,
        nhs_number=NOAH,
        kind="review",
        starts_at=_at(_weekday(today + dt.timedelta(days=40)), 10),
        strategy_on=None,
    )
    jayden = _schedule(
        worker,
        nhs_number=JAYDEN,
        kind="initial",
        starts_at=_at(_weekday(today + dt.timedelta(days=9)), 13, 30),
        strategy_on=today - dt.timedelta(days=4),
    )
    invitation_respond(
        actor=gp, invitation_id=_gp_invitation(jayden), response=InvitationResponse.IN_PERSON
    )


GOOD_WORDS = ("You listen to me.", "I like that you come to school.", "Talking helps.", "")
BETTER_WORDS = ("Tell me when you're coming.", "Longer visits.", "", "Not asking the same things.")
# Who gives the codes, to which of the cast children (R-VOICE-2).
GIVERS = (("hv.nurse", AMELIA), ("social.worker", NOAH), ("hv.nurse", JAYDEN))


def demo_feedback_record(months: int = 6) -> None:
    """R-VOICE-2: over the last ``months`` months, a few children each month were given a code
    and answered with it (mostly good, some OK, a few not good), so the leaders' figures have
    numbers. Nobody says they feel unsafe here: that alerts people today."""
    from seenheard.feedback.models import HowItIsGoing
    from seenheard.feedback.services import (
        Answers,
        feedback_code_issue,
        feedback_code_open,
        feedback_submit,
    )

    rng = random.Random("seenheard:demo:feedback")
    today = clock.today()
    for month in range(months, 0, -1):
        for n, (giver, nhs_number) in enumerate(GIVERS):
            day = _weekday(today - dt.timedelta(days=30 * month - 7 * n))
            with clock.as_of(_at(day, 11)):
                issued = feedback_code_issue(actor=_actor(giver), child_id=_child_id(nhs_number))
            with clock.as_of(_at(day + dt.timedelta(days=1), 18)):
                code_id = feedback_code_open(typed=issued.shown, client_address="192.0.2.10")
            how = rng.choices(list(HowItIsGoing), weights=(6, 3, 1))[0]
            answers = Answers(
                how_it_is_going=how,
                what_is_good=rng.choice(GOOD_WORDS),
                what_could_be_better=rng.choice(BETTER_WORDS),
            )
            with clock.as_of(_at(day + dt.timedelta(days=1), 18, 5)):
                feedback_submit(code_id=code_id, answers=answers)
