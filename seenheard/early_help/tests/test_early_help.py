"""Early help (R-REF-6): a child below the child-protection threshold is recorded with the
help offered, a lead professional and a review date; listed for the team and on the child's
summary; a missed review becomes a task for the lead professional."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.accounts.models import Membership
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.early_help import errors, rules
from seenheard.early_help.models import EarlyHelp, EarlyHelpStatus
from seenheard.early_help.services import (
    early_help_close,
    early_help_missed_review_check,
    early_help_missed_reviews_sweep,
    early_help_record,
    early_help_review,
)
from seenheard.early_help.views import REFUSAL_FIELDS
from seenheard.jobs.services import jobs_run_due
from seenheard.tasks.models import Task
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


def test_rules_review_date_and_missed_review():
    assert rules.review_date_problem(review_on=TODAY, today=TODAY, weeks=12) == ""
    assert (
        rules.review_date_problem(review_on=TODAY - dt.timedelta(1), today=TODAY, weeks=12)
        == "past"
    )
    far = TODAY + dt.timedelta(weeks=12, days=1)
    assert rules.review_date_problem(review_on=far, today=TODAY, weeks=12) == "too-far"
    assert rules.review_missed(review_on=TODAY - dt.timedelta(1), today=TODAY, is_open=True)
    assert not rules.review_missed(review_on=TODAY - dt.timedelta(1), today=TODAY, is_open=False)
    assert rules.missed_review_task_due(
        review_on=TODAY - dt.timedelta(1), raised_for=None, today=TODAY
    )
    assert not rules.missed_review_task_due(
        review_on=TODAY - dt.timedelta(1), raised_for=TODAY - dt.timedelta(1), today=TODAY
    )


def _lead(username: str = "hv.nurse") -> int:
    return Membership.objects.get(user__username=username).pk


def _record(actor, child, **overrides):
    fields = {
        "actor": actor,
        "child_id": child.pk,
        "needs": "Speech delay; mother isolated after a move.",
        "help_offered": "Family support worker weekly; nursery place from January.",
        "lead_membership_id": _lead(),
        "review_on": clock.today() + dt.timedelta(weeks=6),
    }
    fields.update(overrides)
    return early_help_record(**fields)


def test_recording_early_help_is_audited_and_checked_the_day_after_the_review(actor_named, amelia):
    hv = actor_named("hv.nurse")
    record = _record(hv, amelia)
    assert record.status == EarlyHelpStatus.OPEN
    assert AuditEvent.objects.filter(object_type="EarlyHelp", child_id=amelia.pk).exists()
    with time_machine.travel(clock.now() + dt.timedelta(weeks=6, days=1), tick=False):
        jobs_run_due(worker_id="test")
        (task,) = Task.objects.filter(kind="early-help-review-missed")
        assert task.owner_user_id == Membership.objects.get(pk=_lead()).user_id
        assert task.requirement == "R-REF-6"
        assert task.due_on == clock.today() + dt.timedelta(days=5)
        # The sweep finds it done: one task per missed review date.
        assert early_help_missed_reviews_sweep() == []
        assert early_help_missed_review_check(early_help_id=record.pk) is None


def test_a_review_moves_the_date_and_no_task_is_raised(actor_named, amelia):
    hv = actor_named("hv.nurse")
    record = _record(hv, amelia)
    with time_machine.travel(clock.now() + dt.timedelta(weeks=5), tick=False):
        early_help_review(
            actor=hv,
            early_help_id=record.pk,
            note="Speech improving; keep going.",
            next_review_on=clock.today() + dt.timedelta(weeks=8),
        )
    with time_machine.travel(clock.now() + dt.timedelta(weeks=7), tick=False):
        jobs_run_due(worker_id="test")
        assert early_help_missed_reviews_sweep() == []
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"needs": " "}, errors.EarlyHelpTextMissing),
        ({"help_offered": "x" * 100_000}, errors.EarlyHelpTextTooLong),
        ({"lead_membership_id": 999_999}, errors.EarlyHelpLeadNotFound),
        ({"lead_membership_id": None}, errors.EarlyHelpLeadNotFound),
        ({"review_on": dt.date(2020, 1, 1)}, errors.EarlyHelpReviewDateInvalid),
        ({"review_on": clock.today() + dt.timedelta(weeks=20)}, errors.EarlyHelpReviewDateInvalid),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(actor_named, amelia, overrides, refusal):
    with pytest.raises(refusal):
        _record(actor_named("hv.nurse"), amelia, **overrides)
    assert not EarlyHelp.objects.exists()
    assert not AuditEvent.objects.filter(object_type="EarlyHelp").exists()


def test_a_child_the_actor_may_not_see_is_not_found(stranger, amelia):
    with pytest.raises(errors.EarlyHelpChildNotFound):
        _record(stranger, amelia)
    assert not EarlyHelp.objects.exists()


def test_one_open_record_per_child_and_closing_needs_a_reason(actor_named, amelia):
    hv = actor_named("hv.nurse")
    record = _record(hv, amelia)
    with pytest.raises(errors.EarlyHelpAlreadyOpen):
        _record(hv, amelia)
    with pytest.raises(errors.EarlyHelpCloseReasonMissing):
        early_help_close(actor=hv, early_help_id=record.pk, reason="", note="x")
    early_help_close(actor=hv, early_help_id=record.pk, reason="needs-met", note="Discharged.")
    with pytest.raises(errors.EarlyHelpClosed):
        early_help_review(actor=hv, early_help_id=record.pk, note="x", next_review_on=clock.today())


def test_the_pages_record_list_and_show_it(client_for, amelia):
    hv = client_for("hv.nurse")
    summary = main_text(hv.get(f"/children/{amelia.pk}/"))
    assert "Amelia has no early help recorded." in summary
    form = main_text(hv.get(f"/children/{amelia.pk}/early-help/new/"))
    assert "Lead professional" in form
    review = clock.today() + dt.timedelta(weeks=4)
    data = {
        "needs": "Speech delay",
        "help_offered": "<script>alert(1)</script>",
        "lead": str(_lead()),
        "review_day": str(review.day),
        "review_month": str(review.month),
        "review_year": str(review.year),
    }
    bad = hv.post(f"/children/{amelia.pk}/early-help/new/", {**data, "review_year": "2020"})
    assert bad.status_code == 400
    assert "The review date must be today or in the future." in main_text(bad)
    assert not EarlyHelp.objects.exists()
    response = hv.post(f"/children/{amelia.pk}/early-help/new/", data)
    assert response.status_code == 302
    record = EarlyHelp.objects.get()
    listed = main_text(hv.get("/early-help/"))
    assert "Amelia Hart" in listed and "Hannah Vale" in listed
    detail = hv.get(f"/early-help/{record.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail
    assert "Speech delay" in main_text(hv.get(f"/children/{amelia.pk}/"))


def test_stranger_gets_nothing(client_for, actor_named, amelia):
    record = _record(actor_named("hv.nurse"), amelia)
    stranger = client_for("stranger")
    assert "Amelia" not in main_text(stranger.get("/early-help/"))
    assert stranger.get(f"/early-help/{record.pk}/").status_code == 404
    assert stranger.get(f"/children/{amelia.pk}/early-help/new/").status_code == 404
    assert (
        stranger.post(
            f"/early-help/{record.pk}/",
            {"action": "close", "reason": "declined", "close_note": "x"},
        ).status_code
        == 404
    )
    record.refresh_from_db()
    assert record.status == EarlyHelpStatus.OPEN


def test_every_refusal_has_a_row():
    refusals = {
        v
        for v in vars(errors).values()
        if isinstance(v, type)
        and issubclass(v, errors.EarlyHelpRefused)
        and v is not errors.EarlyHelpRefused
    }
    assert refusals <= set(REFUSAL_FIELDS)
