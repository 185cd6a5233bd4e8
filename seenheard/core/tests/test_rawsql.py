"""The hand-written statements of the registration path (ADR 016) must read and write exactly
what the ORM would: a wrong time zone, a JSON list read back as text or a missing
``created_at`` would show staff the wrong attendance history (R-FLAG-6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict

from seenheard.core import clock
from seenheard.core.rawsql import fetch_models, fetch_rows, insert_model, select_sql
from seenheard.encounters.models import Encounter

pytestmark = pytest.mark.django_db

_BY_CHILD = select_sql(Encounter, "child_id = %s", order_by="started_at DESC, id DESC")


def _encounter(
    child_id: int, setting_id: int, *, started_at: dt.datetime, **extra: object
) -> Encounter:
    return Encounter(
        child_id=child_id,
        setting_id=setting_id,
        setting_type="emergency-department",
        unscheduled=True,
        started_at=started_at,
        registered_by_user_id=1,
        registered_by_name="Alex Reid",
        registered_by_role="Unscheduled care",
        **extra,
    )


def test_an_inserted_attendance_reads_back_as_the_orm_reads_it(noah, ae_nurse):
    started = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # the night the clocks go forward
    made = insert_model(
        _encounter(
            noah.pk,
            ae_nurse.organisation.pk,
            started_at=started,
            flag_reasons=["Under 13", "Looked after"],
            request_key="k-1",
        )
    )
    assert made.pk is not None and not made._state.adding
    assert made.created_at is not None  # auto_now_add, as save() sets it
    via_orm = Encounter.objects.get(pk=made.pk)
    [via_sql] = fetch_models(Encounter, _BY_CHILD, [noah.pk])
    assert model_to_dict(via_sql) == model_to_dict(via_orm)
    assert via_sql.started_at == started and via_sql.started_at.tzinfo is not None
    assert via_sql.flag_reasons == ["Under 13", "Looked after"]
    assert via_sql.unscheduled is True
    assert via_sql.created_at == via_orm.created_at


def test_rows_come_back_in_the_statements_order_with_only_the_fields_asked_for(noah, ae_nurse):
    now = clock.now()
    for days in (3, 1, 2):
        insert_model(
            _encounter(noah.pk, ae_nurse.organisation.pk, started_at=now - dt.timedelta(days=days))
        )
    sql = select_sql(
        Encounter,
        "child_id = %s AND started_at >= %s",
        order_by="started_at DESC",
        fields=("started_at", "unscheduled"),
    )
    since = connection.ops.adapt_datetimefield_value(now - dt.timedelta(days=2, hours=1))
    rows = fetch_rows(Encounter, sql, [noah.pk, since], fields=("started_at", "unscheduled"))
    assert rows == [
        [now - dt.timedelta(days=1), True],
        [now - dt.timedelta(days=2), True],
    ]


def test_a_refused_insert_raises_as_the_orm_does_and_leaves_nothing(noah, ae_nurse):
    insert_model(
        _encounter(noah.pk, ae_nurse.organisation.pk, started_at=clock.now(), request_key="same")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_model(
            _encounter(
                noah.pk, ae_nurse.organisation.pk, started_at=clock.now(), request_key="same"
            )
        )
    assert Encounter.objects.filter(request_key="same").count() == 1
