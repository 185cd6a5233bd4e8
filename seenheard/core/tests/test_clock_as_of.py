"""core.clock.as_of: the demo's past events carry their story's time; the audit trail never does."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from seenheard.access.actor import system_actor
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.services import audit_record
from seenheard.core import clock


def test_inside_as_of_now_and_today_are_that_moment_and_afterwards_real_time_again():
    at = timezone.make_aware(dt.datetime(2025, 3, 31, 23, 30))  # London: still 31 March
    with clock.as_of(at):
        assert clock.now() == at
        assert clock.today() == dt.date(2025, 3, 31)
        assert clock.wall_now() > at + dt.timedelta(days=300)
    assert clock.now() > at + dt.timedelta(days=300)


def test_as_of_needs_an_aware_time():
    with pytest.raises(ValueError, match="aware"), clock.as_of(dt.datetime(2025, 1, 1)):
        pass


@pytest.mark.django_db
def test_an_audit_event_written_inside_as_of_records_when_it_was_written(cast):
    actor = system_actor(cast["E09000019"], channel="cli")
    at = timezone.make_aware(dt.datetime(2024, 1, 2, 9, 0))
    with clock.as_of(at), transaction.atomic():
        audit_record(actor=actor, action=AuditAction.VIEW, object_type="Child", object_id=1)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.at > at + dt.timedelta(days=300)
