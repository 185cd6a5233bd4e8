"""An exact trace is a short-lived legitimate relationship; an id alone reaches nobody
(R-FLAG-3, R-FLAG-10, ADR 019)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from seenheard.access.models import Trace
from seenheard.access.scope import adults_visible_to, children_visible_to
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.children.models import Adult
from seenheard.children.selectors import child_get, child_search, mother_search
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.encounters.services import NOT_FOUND, EncounterError, encounter_register
from seenheard.encounters.tests.factories import staff_add
from seenheard.protocols.services import protocol_value_set

pytestmark = pytest.mark.django_db

GRACE_NHS = "9990000107"


def _changes() -> tuple[int, int, int]:
    return Encounter.objects.count(), AuditEvent.objects.count(), Trace.objects.count()


def _refused_as_unknown(actor: Any, **who: Any) -> None:
    """Refused with exactly the unknown child's message, and nothing written."""
    before = _changes()
    with pytest.raises(EncounterError) as caught:
        encounter_register(actor=actor, **who)
    assert str(caught.value) == NOT_FOUND
    assert _changes() == before


def test_a_bare_id_registers_nobody_and_is_answered_as_an_unknown_child(ae_nurse, noah):
    """The walk the security test made: A&E registering child after child by id."""
    _refused_as_unknown(ae_nurse, child_id=noah.pk)
    _refused_as_unknown(ae_nurse, child_id=noah.pk + 100_000)
    assert child_get(actor=ae_nurse, child_id=noah.pk) is None


def test_a_trace_by_nhs_number_lets_that_user_register_and_read_the_child(ae_nurse, noah):
    child_search(actor=ae_nurse, nhs_number=noah.nhs_number)

    reg = encounter_register(actor=ae_nurse, child_id=noah.pk)

    assert reg.child is not None and reg.child.pk == noah.pk
    assert child_get(actor=ae_nurse, child_id=noah.pk) is not None


def test_a_trace_by_name_and_date_of_birth_also_opens_the_child(ae_nurse, noah):
    child_search(
        actor=ae_nurse, family_name=noah.family_name.upper(), date_of_birth=noah.date_of_birth
    )
    assert encounter_register(actor=ae_nurse, child_id=noah.pk).child is not None


def test_the_trace_is_audited_with_when_it_ends(ae_nurse, noah):
    now = clock.now()
    with time_machine.travel(now, tick=False):
        child_search(actor=ae_nurse, nhs_number=noah.nhs_number)
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="Child")
    assert search.detail["results"] == [noah.pk]
    assert search.detail["traced_until"] == (now + dt.timedelta(minutes=30)).isoformat()
    trace = Trace.objects.get()
    assert (trace.user_id, trace.child_id, trace.kind) == (ae_nurse.user_id, noah.pk, "nhs-number")


def test_the_trace_ends_after_the_areas_minutes(ae_nurse, noah):
    """trace.minutes is a protocol parameter (default 30); an area may change it."""
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        child_search(actor=ae_nurse, nhs_number=noah.nhs_number)
        traveller.shift(dt.timedelta(minutes=29))
        assert children_visible_to(ae_nurse).filter(pk=noah.pk).exists()
        traveller.shift(dt.timedelta(minutes=2))
        assert child_get(actor=ae_nurse, child_id=noah.pk) is None
        _refused_as_unknown(ae_nurse, child_id=noah.pk)

        protocol_value_set(
            key="trace.minutes",
            value=5,
            area=ae_nurse.organisation,
            changed_by="test",
            reason="Shorter here",
        )
        child_search(actor=ae_nurse, nhs_number=noah.nhs_number)
        traveller.shift(dt.timedelta(minutes=4))
        assert children_visible_to(ae_nurse).filter(pk=noah.pk).exists()
        traveller.shift(dt.timedelta(minutes=2))
        assert not children_visible_to(ae_nurse).filter(pk=noah.pk).exists()


def test_a_trace_opens_the_child_only_to_the_user_who_made_it(ae_nurse, noah):
    colleague = staff_add("ed.colleague", org_code="RDEMO-ED", role="unscheduled-care")
    child_search(actor=ae_nurse, nhs_number=noah.nhs_number)
    _refused_as_unknown(colleague, child_id=noah.pk)
    assert child_get(actor=colleague, child_id=noah.pk) is None


def test_a_failed_trace_opens_nobody(ae_nurse, noah):
    """Searching a name with another child's date of birth finds no one, and opens no one."""
    child_search(actor=ae_nurse, family_name="Hart", date_of_birth=noah.date_of_birth)
    assert not Trace.objects.exists()
    _refused_as_unknown(ae_nurse, child_id=noah.pk)


def test_a_child_the_setting_already_sees_is_registered_by_id_without_a_new_trace(ae_nurse, noah):
    """Registering gives the setting a relationship (ADR 006): a later visit may use the id."""
    encounter_register(actor=ae_nurse, nhs_number=noah.nhs_number)
    assert not Trace.objects.exists()
    assert encounter_register(actor=ae_nurse, child_id=noah.pk).child is not None


def test_staff_who_trace_within_relationships_get_no_trace_rows(lac_nurse, amelia, noah):
    """A trace adds nothing for roles that only find the children they already see."""
    child_search(actor=lac_nurse, nhs_number=noah.nhs_number)
    child_search(actor=lac_nurse, nhs_number=amelia.nhs_number)
    assert not Trace.objects.exists()
    assert child_get(actor=lac_nurse, child_id=noah.pk) is None


def test_a_pregnant_woman_is_registered_by_id_only_after_a_trace(ae_nurse, cast):
    grace = Adult.objects.get(nhs_number=GRACE_NHS)
    _refused_as_unknown(ae_nurse, mother_id=grace.pk)
    assert not adults_visible_to(ae_nurse).exists()

    mother_search(actor=ae_nurse, nhs_number=GRACE_NHS)

    reg = encounter_register(actor=ae_nurse, mother_id=grace.pk)
    assert reg.mother is not None and reg.mother.pk == grace.pk
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="Adult")
    assert "traced_until" in search.detail


def test_ended_traces_are_removed_by_the_worker_and_live_ones_kept(ae_nurse, noah, amelia):
    """Every trace wrote a row and nothing removed them: the worker now removes those that
    ended more than a day ago. A live trace still opens its child; the audit event stays."""
    from django.core.management import call_command

    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        child_search(actor=ae_nurse, nhs_number=noah.nhs_number)
        traveller.shift(dt.timedelta(days=2))
        child_search(actor=ae_nurse, nhs_number=amelia.nhs_number)
        call_command("worker", "--once", "--id", "test")
        assert list(Trace.objects.values_list("child_id", flat=True)) == [amelia.pk]
        assert children_visible_to(ae_nurse).filter(pk=amelia.pk).exists()
    searches = AuditEvent.objects.filter(action=AuditAction.SEARCH, actor_username="ae.nurse")
    assert searches.count() == 2
