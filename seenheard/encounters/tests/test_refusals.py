"""Registration's refusals are typed, decided once by the service, and answered from one table
on the pages (ADR 025; R-FLAG-3, R-FLAG-10).

The rule "an attendance cannot start in the future" is the service's alone, with five minutes'
allowance (``rules.starts_in_future``); the start is checked before anyone is looked for, so a
start too far ahead is refused as such whether or not the child exists.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest

from seenheard.accounts.models import Role
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.encounters import errors, views
from seenheard.encounters.models import Encounter
from seenheard.encounters.record.rules import RecordProblem
from seenheard.encounters.rules import START_ALLOWANCE, starts_in_future
from seenheard.encounters.services import encounter_register
from seenheard.web.tests.helpers import main_text

ABSENT_NHS = "9990000085"


def every_refusal() -> list[type[errors.EncounterRefused]]:
    """Every refusal type encounters.errors defines (read from the module, not from a list)."""
    return [
        kind
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.EncounterRefused) and kind is not errors.EncounterRefused
    ]


# --- the rule, without the database ----------------------------------------------------------


def test_a_start_up_to_five_minutes_ahead_is_not_in_the_future() -> None:
    now = dt.datetime(2026, 3, 1, 14, 0, tzinfo=dt.UTC)
    assert not starts_in_future(now, now=now)
    assert not starts_in_future(now - dt.timedelta(days=400), now=now)
    assert not starts_in_future(now + dt.timedelta(minutes=2), now=now)
    assert not starts_in_future(now + START_ALLOWANCE, now=now)
    assert starts_in_future(now + START_ALLOWANCE + dt.timedelta(microseconds=1), now=now)
    assert starts_in_future(now + dt.timedelta(minutes=10), now=now)


# --- the service decides ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_child_two_minutes_ahead_is_not_found(ae_nurse: Any) -> None:
    with pytest.raises(errors.PersonNotFound, match="No child found"):
        encounter_register(
            actor=ae_nurse,
            nhs_number=ABSENT_NHS,
            started_at=clock.now() + dt.timedelta(minutes=2),
        )


@pytest.mark.django_db
def test_an_unknown_child_ten_minutes_ahead_is_a_start_in_the_future(ae_nurse: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(errors.StartInFuture, match="cannot start in the future"):
        encounter_register(
            actor=ae_nurse,
            nhs_number=ABSENT_NHS,
            started_at=clock.now() + dt.timedelta(minutes=10),
        )
    assert not Encounter.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_each_refusal_is_its_own_type_under_one_base(ae_nurse: Any, actor_named: Any) -> None:
    """The old catch-all name still catches every refusal."""
    from seenheard.encounters.services import EncounterError

    assert EncounterError is errors.EncounterRefused
    with pytest.raises(errors.SettingCannotRegister, match="Your role does not register"):
        encounter_register(actor=actor_named("social.worker"), nhs_number=ABSENT_NHS)
    with pytest.raises(errors.PersonNotNamed, match="Say which child"):
        encounter_register(actor=ae_nurse)


# --- the pages answer from one table ---------------------------------------------------------


def test_every_refusal_has_one_page() -> None:
    """A new refusal in encounters.errors fails here until the pages say how they answer it."""
    assert every_refusal(), "encounters.errors defines no refusals"
    missing = [kind.__name__ for kind in every_refusal() if kind not in views.REFUSAL_PAGES]
    assert missing == []


def _sample(kind: type[errors.EncounterRefused]) -> errors.EncounterRefused:
    if kind is errors.RepeatRegistration:
        earlier = Encounter(
            started_at=clock.now() - dt.timedelta(minutes=3),
            registered_by_name="Sam Okafor",
            registered_by_role=Role.UNSCHEDULED_CARE,
        )
        return errors.RepeatRegistration(earlier, name="Amelia Hart")
    if kind is errors.SettingCannotRegister:
        return errors.SettingCannotRegister("Your role does not register attendances.")
    if issubclass(kind, errors.RecordProblems):
        return kind([RecordProblem("came_with", "Say whether an adult came with the child.")])
    return kind()  # type: ignore[call-arg]  # the others say their own message


#: What the person registering sees for each refusal: the status and words on the page.
PAGE_ANSWERS = {
    errors.SettingCannotRegister: (404, "Page not found"),
    errors.PersonNotNamed: (400, "Say which child is attending"),
    errors.PersonNotFound: (400, "No child found with those details"),
    errors.StartInFuture: (400, "An attendance cannot start in the future. Check the time."),
    errors.RequestKeyReused: (400, "This form was already used to register another child"),
    errors.RepeatRegistration: (409, "by Sam Okafor, Unscheduled-care clinician"),
    errors.AttendanceNotFound: (404, "Page not found"),
    errors.AttendanceNotUnscheduled: (409, "can be recorded as left before being seen"),
    errors.AttendanceAlreadyLeft: (409, "already recorded as left before being seen"),
    # The A&E record's refusals (R-REF-4) answer on the record's own page (test_record_pages);
    # anywhere else they name no attendance, so the page is "not found".
    errors.AttendanceAlreadyDischarged: (409, "already been discharged"),
    errors.RecordNotNeeded: (404, "Page not found"),
    errors.RecordProblems: (404, "Page not found"),
    errors.RecordIncomplete: (404, "Page not found"),
    errors.RecordTooLong: (404, "Page not found"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(PAGE_ANSWERS), ids=lambda kind: kind.__name__)
def test_each_refusal_gets_its_page_and_nothing_changes(
    client_for: Any, amelia: Any, monkeypatch: pytest.MonkeyPatch, kind: Any
) -> None:
    """The registration page never sends a start time (it registers now), so a refusal the
    page cannot provoke is given by the service here, to show the page's answer to it."""

    def refuse(**_: Any) -> None:
        raise _sample(kind)

    monkeypatch.setattr(views, "encounter_register", refuse)
    client = client_for("ae.nurse")
    before = AuditEvent.objects.count()

    response = client.post("/register/attend/", {"child_id": amelia.pk})

    status, words = PAGE_ANSWERS[kind]
    assert response.status_code == status
    assert words in main_text(response)
    assert "Amelia" not in main_text(response) or kind is errors.RepeatRegistration
    assert not Encounter.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_page_answers_are_checked_for_every_refusal() -> None:
    assert set(PAGE_ANSWERS) == set(every_refusal())


@pytest.mark.django_db
def test_an_unknown_child_on_the_page_is_not_found(client_for: Any) -> None:
    """Through the real service: an id that names nobody is the not-found problem."""
    response = client_for("ae.nurse").post("/register/attend/", {"child_id": "987654"})
    assert response.status_code == 400
    assert "No child found with those details" in main_text(response)
    assert "in the future" not in main_text(response)
