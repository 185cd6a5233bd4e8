"""Scheduling conferences, invitations, the GP's report and attendance (R-REF-5)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from seenheard.accounts.models import User
from seenheard.audit.models import AuditEvent
from seenheard.conferences import errors
from seenheard.conferences.models import (
    Attendance,
    Conference,
    ConferenceInvitation,
    ConferenceKind,
    GpReport,
    InvitationResponse,
    RemoteJoining,
)
from seenheard.conferences.services import (
    ConferencePlan,
    GpReportText,
    conference_attendance_record,
    conference_schedule,
    gp_report_submit,
)
from seenheard.conferences.tests.conftest import NOW, counts_but_audit, form_for
from seenheard.jobs.models import Notification
from seenheard.jobs.services import jobs_run_due
from seenheard.voice.rules import VoiceInput
from seenheard.web.tests.world import table_counts

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 12, 17, 17, 30))
REPORT = GpReportText(
    health_and_development="Growth on the 25th centile; immunisations up to date.",
    parents_health="Mother treated for depression since 2025; engaging well.",
    child_with_parents="Seen with mother in October: warm, attentive.",
    attendances="Two A&E attendances this year; one missed asthma review.",
    voice=VoiceInput(words="I like my school but I get scared at night.", methods=("seen-alone",)),
)
#: The report as the page posts it, with the child's voice (R-VOICE-1).
REPORT_FORM = {
    **{k: v for k, v in REPORT.__dict__.items() if k != "voice"},
    "voice-words": REPORT.voice.words,
    "voice-methods": list(REPORT.voice.methods),
}


def _gp_id() -> int:
    return User.objects.get(username="gp").pk


def _hv_id() -> int:
    return User.objects.get(username="hv.nurse").pk


def _book(actor, child, **changes) -> Conference:
    plan = ConferencePlan(
        kind=ConferenceKind.INITIAL,
        starts_at=START,
        location="Islington Town Hall",
        remote_joining=RemoteJoining.VIDEO,
        strategy_on=dt.date(2026, 12, 4),
        invitee_ids=(_gp_id(), _hv_id()),
    )
    return conference_schedule(
        actor=actor, child_id=child.pk, plan=ConferencePlan(**{**plan.__dict__, **changes})
    )


def test_social_worker_books_an_initial_conference_and_invites_the_gp(
    now, la_social_worker, amelia, client_for
):
    client = client_for("social.worker")
    page = client.get(f"/children/{amelia.pk}/conferences/new/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Priya Shah, GP, Demo Surgery" in body  # people by name and role
    assert "Hannah Vale" in body
    response = client.post(
        f"/children/{amelia.pk}/conferences/new/", form_for(invitees=[_gp_id(), _hv_id()])
    )
    assert response.status_code == 302, response.content.decode()
    conference = Conference.objects.get()
    assert response["Location"] == f"/conferences/{conference.pk}/"
    assert conference.due_by == dt.date(2026, 12, 29)
    gp = ConferenceInvitation.objects.get(invitee_user_id=_gp_id())
    assert gp.is_gp and gp.notice_days == 10 and not gp.outside_surgery_hours
    notes = Notification.objects.filter(topic="conference-invitation")
    assert {n.recipient_user_id for n in notes} == {_gp_id(), _hv_id()}
    jobs_run_due(worker_id="test")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Amelia" not in message.body and "Hart" not in message.body
        assert "Thursday 17 December 2026 at 17:30" in message.body
    assert AuditEvent.objects.filter(
        object_type="Conference", action="create", child_id=amelia.pk
    ).exists()
    detail = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "10 days" in detail and "During surgery hours" in detail
    assert "Video call: A video link is sent the day before." in detail


def test_outside_surgery_hours_and_short_notice_are_recorded(
    now, la_social_worker, amelia, client_for
):
    conference = _book(
        la_social_worker, amelia, starts_at=timezone.make_aware(dt.datetime(2026, 12, 10, 18, 45))
    )
    gp = conference.invitations.get(is_gp=True)
    assert gp.outside_surgery_hours and gp.notice_days == 3
    detail = client_for("social.worker").get(f"/conferences/{conference.pk}/").content.decode()
    assert "Short notice" in detail and "Outside surgery hours" in detail


def test_a_date_outside_the_timescale_needs_a_reason(now, la_social_worker, amelia, client_for):
    client = client_for("social.worker")
    before = counts_but_audit()
    late = timezone.make_aware(dt.datetime(2027, 1, 6, 17, 0))
    response = client.post(
        f"/children/{amelia.pk}/conferences/new/", form_for(invitees=[_gp_id()], starts=late)
    )
    assert response.status_code == 400
    assert (
        "The conference must be held by 29 December 2026. To hold it on another date, say why."
        in response.content.decode()
    )
    assert counts_but_audit() == before
    response = client.post(
        f"/children/{amelia.pk}/conferences/new/",
        form_for(
            invitees=[_gp_id()],
            starts=late,
            reason="The family's interpreter is away until January.",
        ),
    )
    assert response.status_code == 302
    assert Conference.objects.get().outside_timescale_reason.startswith("The family's interpreter")


def test_reviews_follow_the_previous_conference(now, la_social_worker, amelia):
    with pytest.raises(errors.NoEarlierConference):
        _book(la_social_worker, amelia, kind=ConferenceKind.REVIEW, strategy_on=None)
    initial = _book(la_social_worker, amelia)
    review = _book(
        la_social_worker,
        amelia,
        kind=ConferenceKind.REVIEW,
        strategy_on=None,
        starts_at=timezone.make_aware(dt.datetime(2027, 3, 10, 17, 30)),
    )
    assert review.previous == initial and review.due_by == dt.date(2027, 3, 17)
    second = _book(
        la_social_worker,
        amelia,
        kind=ConferenceKind.REVIEW,
        strategy_on=None,
        starts_at=timezone.make_aware(dt.datetime(2027, 9, 9, 17, 30)),
    )
    assert second.due_by == dt.date(2027, 9, 10)


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"strategy_on": None}, errors.StrategyDateNeeded),
        ({"strategy_on": dt.date(2026, 12, 8)}, errors.StrategyDateInFuture),
        ({"starts_at": NOW - dt.timedelta(hours=1)}, errors.ConferenceInPast),
        ({"invitee_ids": ()}, errors.NoInvitees),
        ({"location": " "}, errors.TextRefused),
        ({"location": "x" * 100_000}, errors.TextRefused),
    ],
)
def test_refusals_change_nothing(now, la_social_worker, amelia, changes, refusal):
    before = table_counts()
    with pytest.raises(refusal):
        _book(la_social_worker, amelia, **changes)
    assert table_counts() == before


def test_only_the_professionals_involved_may_be_invited(now, la_social_worker, amelia):
    stranger_id = User.objects.get(username="stranger").pk
    with pytest.raises(errors.InviteeNotInvolved):
        _book(la_social_worker, amelia, invitee_ids=(_gp_id(), stranger_id))
    assert not Conference.objects.exists()


def test_stranger_gets_nothing(now, la_social_worker, stranger, amelia, client_for):
    conference = _book(la_social_worker, amelia)
    client = client_for("stranger")
    for path in (
        f"/children/{amelia.pk}/conferences/new/",
        f"/conferences/{conference.pk}/",
        f"/conferences/invitations/{conference.invitations.first().pk}/",
        f"/conferences/invitations/{conference.invitations.first().pk}/report/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Amelia" not in response.content.decode()
    assert "Amelia" not in client.get("/conferences/").content.decode()
    with pytest.raises(errors.ConferenceNotFound):
        _book(stranger, amelia)


def test_gp_answers_and_sends_a_report_before_the_conference(
    now, la_social_worker, amelia, client_for
):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    gp = client_for("gp")
    listing = gp.get("/conferences/invitations/").content.decode()
    assert "Amelia Hart" in listing and "17 Dec 2026 17:30" in listing
    response = gp.post(f"/conferences/invitations/{invitation.pk}/", {"response": "report"})
    assert response["Location"] == f"/conferences/invitations/{invitation.pk}/report/"
    form = gp.get(response["Location"]).content.decode()
    assert "health as it affects their parenting" in form
    response = gp.post(response["Location"], REPORT_FORM)
    assert response.status_code == 302
    report = GpReport.objects.get()
    assert report.submitted_at < conference.starts_at
    note = Notification.objects.get(topic="conference-gp-report")
    assert note.recipient_user_id == la_social_worker.user_id
    assert "Amelia" not in note.body
    page = client_for("social.worker").get(f"/conferences/{conference.pk}/").content.decode()
    assert "Growth on the 25th centile" in page and "Yes: a GP attended or sent a report" in page
    assert "I like my school but I get scared at night." in page  # the child's voice
    assert ConferenceInvitation.objects.get(pk=invitation.pk).response == InvitationResponse.REPORT


def test_a_report_after_the_conference_is_refused(
    now, la_social_worker, amelia, actor_named, client_for
):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        client = client_for("gp")
        before = counts_but_audit()
        with pytest.raises(errors.ReportAfterConference):
            gp_report_submit(actor=actor_named("gp"), invitation_id=invitation.pk, text=REPORT)
        response = client.post(f"/conferences/invitations/{invitation.pk}/report/", REPORT_FORM)
        assert response.status_code == 400
        assert (
            "The conference has started, so a report can no longer be sent."
            in response.content.decode()
        )
        assert counts_but_audit() == before


def test_a_second_report_supersedes_the_first(now, la_social_worker, amelia, actor_named):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    first = gp_report_submit(actor=actor_named("gp"), invitation_id=invitation.pk, text=REPORT)
    second = gp_report_submit(actor=actor_named("gp"), invitation_id=invitation.pk, text=REPORT)
    first.refresh_from_db()
    assert first.superseded_by == second and GpReport.objects.count() == 2


def test_only_the_invited_gp_sends_the_gp_report(now, la_social_worker, amelia, actor_named):
    conference = _book(la_social_worker, amelia)
    hv = conference.invitations.get(is_gp=False)
    with pytest.raises(errors.ConferenceNotFound):
        gp_report_submit(actor=actor_named("hv.nurse"), invitation_id=hv.pk, text=REPORT)
    gp = conference.invitations.get(is_gp=True)
    with pytest.raises(errors.ConferenceNotFound):
        gp_report_submit(actor=actor_named("hv.nurse"), invitation_id=gp.pk, text=REPORT)


def test_report_text_is_escaped_and_limited(now, la_social_worker, amelia, client_for):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    gp = client_for("gp")
    before = counts_but_audit()
    big = {**REPORT_FORM, "parents_health": "x" * 100_000}
    response = gp.post(f"/conferences/invitations/{invitation.pk}/report/", big)
    assert response.status_code == 400
    assert "must be 4000 characters or fewer" in response.content.decode()
    assert counts_but_audit() == before
    script = {**REPORT_FORM, "attendances": "<script>alert(1)</script>"}
    assert gp.post(f"/conferences/invitations/{invitation.pk}/report/", script).status_code == 302
    page = client_for("social.worker").get(f"/conferences/{conference.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_attendance_after_the_start_and_the_leaders_figure(
    now, la_social_worker, amelia, actor_named, client_for
):
    conference = _book(la_social_worker, amelia)
    gp = conference.invitations.get(is_gp=True)
    hv = conference.invitations.get(is_gp=False)
    with pytest.raises(errors.AttendanceTooEarly):
        conference_attendance_record(
            actor=la_social_worker, conference_id=conference.pk, attendance={}
        )
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        client = client_for("social.worker")
        response = client.post(
            f"/conferences/{conference.pk}/attendance/",
            {f"attendance-{gp.pk}": "remote", f"attendance-{hv.pk}": "absent"},
        )
        assert response.status_code == 302
        gp.refresh_from_db()
        assert gp.attendance == Attendance.REMOTE
        board = client_for("board").get("/conferences/figures/")
        assert board.status_code == 200
        body = board.content.decode()
        assert "Demo Surgery" in body and "December 2026" in body and "100%" in body
        assert "Amelia" not in body
        assert client_for("stranger").get("/conferences/figures/").status_code == 404
        assert client_for("gp").get("/conferences/figures/").status_code == 404


def test_the_report_needs_the_childs_voice(now, la_social_worker, amelia, client_for):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    gp = client_for("gp")
    before = counts_but_audit()
    without = {k: v for k, v in REPORT_FORM.items() if not k.startswith("voice-")}
    response = gp.post(f"/conferences/invitations/{invitation.pk}/report/", without)
    assert response.status_code == 400
    assert 'href="#voice-' in response.content.decode()
    assert counts_but_audit() == before
    too_young = {**without, "voice-missing_reason": "too-young"}
    response = gp.post(f"/conferences/invitations/{invitation.pk}/report/", too_young)
    assert response.status_code == 302
    assert GpReport.objects.get().voice.missing_reason == "too-young"


def test_every_page_showing_the_child_is_audited(now, la_social_worker, amelia, client_for):
    conference = _book(la_social_worker, amelia)
    invitation = conference.invitations.get(is_gp=True)
    pages = [
        ("social.worker", "/conferences/"),
        ("social.worker", f"/conferences/{conference.pk}/"),
        ("gp", "/conferences/invitations/"),
        ("gp", f"/conferences/invitations/{invitation.pk}/"),
        ("gp", f"/conferences/invitations/{invitation.pk}/report/"),
        ("gp", f"/conferences/{conference.pk}/"),
    ]
    for person, path in pages:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
        response = client_for(person).get(path)
        assert response.status_code == 200 and "Amelia Hart" in response.content.decode(), path
        events = AuditEvent.objects.filter(seq__gt=last, child_id=amelia.pk, action="view")
        assert events.filter(actor_username=person).exists(), path
