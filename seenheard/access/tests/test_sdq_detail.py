"""R-OUT-3, DESIGN rule 2: a child's SDQ detail (answers, scores, the specialist reviews they
led to) is read only by a role with a need and a relationship of care with the child
(``access.sensitive``): the looked-after children's nurse, the child's GP, a clinician with the
child on their caseload, the council's social worker. Others who see the child (a safeguarding
lead, the council's flag administrator, emergency access, an unscheduled-care trace) learn at
most that an SDQ exists; every read is audited, saying which."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.access.actor import actor_for
from seenheard.access.models import TraceKind
from seenheard.access.scope import children_visible_to
from seenheard.access.sensitive import (
    children_with_sdq_detail_for,
    sdq_detail_readable,
    sdq_detail_readable_of,
)
from seenheard.access.services import break_glass_grant
from seenheard.access.traces import trace_record
from seenheard.accounts.models import User
from seenheard.audit.models import AuditEvent
from seenheard.core import clock
from seenheard.screening.models import SdqReview
from seenheard.screening.questionnaires import Informant
from seenheard.screening.selectors import (
    latest_sdq_for,
    sdq_review_get,
    sdq_reviews_waiting,
    sdqs_for_child,
)
from seenheard.screening.services import SdqAnswers, sdq_record
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db

#: Who reads Amelia's SDQ detail, among the demo cast who see her at all.
READS_DETAIL = {"lac.nurse", "gp", "hv.nurse", "social.worker"}
SEES_ONLY_THAT_ONE_EXISTS = {"safeguarding.lead", "named.nurse", "flag.admin"}


def actor(username: str):
    return actor_for(User.objects.get(username=username))


@pytest.fixture
def scored(amelia, lac_nurse):
    """Amelia's carer's SDQ with a total of 20: a specialist review waits."""
    return sdq_record(
        actor=lac_nurse,
        child_id=amelia.pk,
        informant=Informant.CARER,
        completed_on=clock.today() - dt.timedelta(days=3),
        answers=SdqAnswers(items=[1] * 25),
    )


def test_who_reads_the_detail(amelia):
    for username in READS_DETAIL | SEES_ONLY_THAT_ONE_EXISTS:
        who = actor(username)
        assert children_visible_to(who).filter(pk=amelia.pk).exists(), username
        assert sdq_detail_readable(who, amelia.pk) is (username in READS_DETAIL), username
    for username in ("stranger", "board", "admin", "ae.nurse"):
        assert not sdq_detail_readable(actor(username), amelia.pk), username
    assert sdq_detail_readable_of(actor("gp"), [amelia.pk, 0]) == {amelia.pk}


def test_emergency_access_and_a_trace_show_the_child_not_the_sdqs(amelia):
    stranger = actor("stranger")
    break_glass_grant(
        actor=stranger, nhs_number=amelia.nhs_number, reason="Brought in at night, no records."
    )
    assert children_visible_to(stranger).filter(pk=amelia.pk).exists()
    assert not children_with_sdq_detail_for(stranger).filter(pk=amelia.pk).exists()
    ae = actor("ae.nurse")
    trace_record(actor=ae, kind=TraceKind.NHS_NUMBER, child_ids=[amelia.pk])
    assert children_visible_to(ae).filter(pk=amelia.pk).exists()
    assert not sdq_detail_readable(ae, amelia.pk)


def test_the_selectors_withhold_the_detail_and_audit_it(amelia, scored):
    lead = actor("safeguarding.lead")
    history = sdqs_for_child(actor=lead, child_id=amelia.pk)
    assert history is not None
    assert (history.records, history.withheld, history.any_recorded) == ([], True, True)
    event = AuditEvent.objects.filter(actor_username="safeguarding.lead").latest("pk")
    assert event.object_type == "SdqRecord" and event.detail["detail"] == "withheld"
    assert latest_sdq_for(actor=lead, children=[amelia.pk]) == {}
    assert sdq_reviews_waiting(actor=lead) == []
    review = SdqReview.objects.get()
    assert sdq_review_get(actor=lead, review_id=review.pk) is None
    gp = actor("gp")
    seen = sdqs_for_child(actor=gp, child_id=amelia.pk)
    assert seen is not None and [r.total_difficulties for r in seen.records] == [20]
    assert AuditEvent.objects.filter(actor_username="gp").latest("pk").detail["count"] == 1
    assert latest_sdq_for(actor=gp, children=[amelia.pk])[amelia.pk].total == 20


def test_the_pages_say_only_that_one_exists(client_for, amelia, scored):
    lead = client_for("safeguarding.lead")
    page = lead.get(f"/children/{amelia.pk}/sdq/")
    assert page.status_code == 200
    text = main_text(page)
    assert "An SDQ has been recorded for Amelia." in text
    assert "seen only by the professionals who care for Amelia" in text
    assert "20" not in text and "Cause for concern" not in text
    assert "Waiting for a specialist review" not in text
    assert "Amelia Hart" not in main_text(lead.get("/sdq/reviews/"))
    review = SdqReview.objects.get()
    assert lead.get(f"/sdq/reviews/{review.pk}/seen/").status_code == 404
    nurse = main_text(client_for("social.worker").get(f"/children/{amelia.pk}/sdq/"))
    assert "Cause for concern" in nurse and "Waiting for a specialist review" in nurse
