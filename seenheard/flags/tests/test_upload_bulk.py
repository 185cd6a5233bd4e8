"""A council's list at more than toy size (R-FLAG-2, ADR 009, ADR 011): every change audited
once, nothing audited when nothing changes, and the chain still verifies. Large enough to cross
the bulk paths (COPY and the temporary-table UPDATE on PostgreSQL, several INSERT statements on
SQLite)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seenheard.access.actor import system_actor
from seenheard.audit.models import AuditEvent
from seenheard.audit.selectors import audit_chain_verify
from seenheard.children.models import Child
from seenheard.core.nhs import is_valid_nhs_number
from seenheard.flags.models import FlagUpload, FlagUploadRejection, ProtectionFlag, UploadStatus
from seenheard.flags.upload.apply import flag_upload_apply
from seenheard.flags.upload.checks import Rejection, check_format, nhs_or_none
from seenheard.flags.upload.parse import HEADER, RawRecord
from seenheard.flags.upload.plan import plan_records

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
COUNT = 1200
ISLINGTON = "E09000019"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _valid_numbers(count: int) -> list[str]:
    numbers: list[str] = []
    base = 900_000_000
    while len(numbers) < count:
        stem = str(base)
        base += 1
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(stem)) % 11
        candidate = stem + str(0 if check == 11 else check)
        if check != 10 and is_valid_nhs_number(candidate):
            numbers.append(candidate)
    return numbers


@pytest.fixture
def children(cast) -> list[tuple[str, dt.date]]:
    people = [
        (nhs, dt.date(2010, 1, 1) + dt.timedelta(days=i % 3000))
        for i, nhs in enumerate(_valid_numbers(COUNT))
    ]
    Child.objects.bulk_create(  # scope-exempt: test data
        Child(
            nhs_number=nhs,
            given_name="Test",
            family_name=f"Child{i}",
            family_name_key=f"child{i}",
            date_of_birth=dob,
            responsible_la=cast[ISLINGTON],
        )
        for i, (nhs, dob) in enumerate(people)
    )
    return people


def _line(nhs: str, dob: dt.date, i: int, *, end: str = "", delete: str = "") -> str:
    plan = "CPP" if i % 5 < 3 else "LAC"
    start = dt.date(2026, 11, 1) - dt.timedelta(days=i % 700)
    return f"{nhs},{dob.isoformat()},{plan},{start.isoformat()},{end},{delete}"


def _upload(cast, lines: list[str], *, sequence: int):
    content = ("\n".join([",".join(HEADER), *lines]) + "\n").encode()
    return flag_upload_apply(
        actor=system_actor(cast[ISLINGTON], channel="cli"),
        la_code=ISLINGTON,
        sequence=sequence,
        full=True,
        content=content,
        filename="list.csv",
    )


def _flag_events(action: str) -> Counter[str]:
    return Counter(
        AuditEvent.objects.filter(object_type="ProtectionFlag", action=action).values_list(
            "object_id", flat=True
        )
    )


def _snapshot():
    return sorted(
        ProtectionFlag.objects.values_list(
            "pk", "nhs_number", "plan_type", "start_date", "end_date", "entered_in_error"
        )
    )


def test_a_full_list_audits_every_change_once_and_the_chain_verifies(cast, children):
    lines = [_line(nhs, dob, i) for i, (nhs, dob) in enumerate(children)]
    first = _upload(cast, lines, sequence=1)
    assert first.status == UploadStatus.APPLIED
    assert (first.upload.records, first.upload.applied, first.upload.matched) == (COUNT,) * 3
    flags = ProtectionFlag.objects.filter(la__code=ISLINGTON)
    assert flags.count() == COUNT
    flag = flags.get(nhs_number=children[8][0])
    assert (flag.plan_type, flag.date_of_birth, flag.upload_id) == (
        "LAC",
        children[8][1],
        first.upload.pk,
    )
    assert flag.child is not None and flag.child.nhs_number == children[8][0]
    created = _flag_events("create")
    assert created == Counter({str(pk): 1 for pk in flags.values_list("pk", flat=True)})
    event = AuditEvent.objects.get(object_type="ProtectionFlag", object_id=str(flag.pk))
    assert event.child_id == flag.child_id
    assert event.detail == {
        "plan_type": "LAC",
        "upload": first.upload.pk,
        "start_date": flag.start_date.isoformat(),
    }
    assert audit_chain_verify()[1] is None

    # The same list again, under the next sequence number: nothing changes, nothing is audited.
    before, events = _snapshot(), AuditEvent.objects.filter(object_type="ProtectionFlag").count()
    again = _upload(cast, lines, sequence=2)
    assert again.status == UploadStatus.APPLIED
    assert again.upload.ended_by_full == 0
    assert _snapshot() == before
    assert AuditEvent.objects.filter(object_type="ProtectionFlag").count() == events

    # Next month: 300 plans end, 150 records were entered in error, 200 children are no longer
    # on the list (their plans end today), one line has a typo, and the rest are unchanged.
    changed = []
    for i, (nhs, dob) in enumerate(children):
        if i < 300:
            changed.append(_line(nhs, dob, i, end="2026-11-20"))
        elif i < 450:
            changed.append(_line(nhs, dob, i, delete="Y"))
        elif i < 650:
            continue
        elif i == 650:
            changed.append(_line(nhs, dob, i).replace(",,", ",2026-13-01,", 1))
        else:
            changed.append(_line(nhs, dob, i))
    third = _upload(cast, changed, sequence=3)
    assert third.status == UploadStatus.PARTLY_APPLIED
    assert [(r.line, r.code) for r in third.rejections] == [(452, "invalid-date")]
    assert third.upload.ended_by_full == 200
    assert (third.upload.records, third.upload.applied, third.upload.rejected) == (1000, 999, 1)
    assert FlagUploadRejection.objects.filter(upload=third.upload).count() == 1
    by_number = {f.nhs_number: f for f in flags}
    assert all(by_number[nhs].end_date == dt.date(2026, 11, 20) for nhs, _ in children[:300])
    assert all(by_number[nhs].entered_in_error for nhs, _ in children[300:450])
    assert all(by_number[nhs].end_date == dt.date(2026, 11, 25) for nhs, _ in children[450:650])
    assert by_number[children[650][0]].end_date is None  # its line was rejected: kept open
    assert all(
        by_number[nhs].end_date is None and not by_number[nhs].entered_in_error
        for nhs, _ in children[651:]
    )
    updated = _flag_events("update")
    expected = {by_number[nhs].pk for nhs, _ in children[:650]}
    assert updated == Counter({str(pk): 1 for pk in expected})
    assert all(f.upload_id == third.upload.pk for f in flags if f.pk in expected) and all(
        f.upload_id == first.upload.pk for f in flags if f.pk not in expected
    )
    checked, broken = audit_chain_verify()
    assert broken is None
    assert checked == AuditEvent.objects.count()
    assert FlagUpload.objects.filter(la__code=ISLINGTON).count() == 3


# -- the quick path through the checks agrees with the checks ----------------------------------

_FORMAT_CODES = {
    "invalid-nhs-number",
    "invalid-plan-type",
    "invalid-date",
    "start-in-future",
    "end-before-start",
    "invalid-delete",
}
_fields = st.tuples(
    st.sampled_from(["9990000018", "9990000026", "999 000 0034", "9990000019", "", "12ab"]),
    st.sampled_from(["2014-03-02", "2019-07-14", "2030-01-01", "2014-3-2", "2014-02-30", ""]),
    st.sampled_from(["CPP", "LAC", "UCPP", "cpp", "XYZ", ""]),
    st.sampled_from(["2024-01-08", "2026-11-25", "2026-11-26", "2013-01-01", "x", ""]),
    st.sampled_from(["", "2024-01-07", "2026-12-31", "2025-02-29", "2024-01-08"]),
    st.sampled_from(["", "Y", "N", "y"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_fields, min_size=1, max_size=12))
def test_every_line_gets_the_format_verdict_of_check_format(cast, lines):
    raws = [RawRecord(i + 2, *fields) for i, fields in enumerate(lines)]
    today = TODAY.date()
    plan = plan_records(la=cast[ISLINGTON], raws=raws, today=today)
    found = {r.line: r for r in plan.rejections}
    assert len(found) == len(plan.rejections)  # one verdict a line
    for raw in raws:
        verdict = check_format(raw, today=today, nhs_number=nhs_or_none(raw.nhs_number))
        if isinstance(verdict, Rejection):
            assert found[raw.line] == verdict
        else:
            assert raw.line not in found or found[raw.line].code not in _FORMAT_CODES
    assert len(plan.creates) + len(plan.updates) + len(found) == len(raws)
