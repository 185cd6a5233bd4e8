"""R-OUT-3: the tracker and the health record show an SDQ's score only to those who read SDQs'
detail (``access.sensitive``); a safeguarding lead who sees the child sees when one was done
(so when the next is due), not what it found."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.screening.questionnaires import Informant
from seenheard.screening.services import SdqAnswers, sdq_record
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(in_care, lac_nurse):
    return sdq_record(
        actor=lac_nurse,
        child_id=in_care.pk,
        informant=Informant.CARER,
        completed_on=dt.date(2026, 1, 12),
        answers=SdqAnswers(items=[1] * 25),
    )


def test_the_nurse_sees_the_score_the_lead_sees_that_one_was_done(client_for, in_care, scored):
    nurse = client_for("lac.nurse")
    assert "20 (concern) on 12 Jan 2026" in main_text(nurse.get("/lac/"))
    assert "total difficulties 20" in main_text(nurse.get(f"/lac/children/{in_care.pk}/"))
    lead = client_for("safeguarding.lead")
    tracker = main_text(lead.get("/lac/"))
    assert "Amelia Hart" in tracker and "Done on 12 Jan 2026" in tracker
    assert "concern" not in tracker
    record = main_text(lead.get(f"/lac/children/{in_care.pk}/"))
    assert "total difficulties" not in record
    assert "seen only by the professionals who care for their health" in record
