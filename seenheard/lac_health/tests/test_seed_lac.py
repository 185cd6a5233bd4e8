"""The synthetic population's looked-after children (issue 11 item 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.accounts.models import Organisation
from seenheard.core import clock
from seenheard.demo.seed import seed_run
from seenheard.lac_health.models import HealthAssessment, HealthPlan, LacChild, PlanReview
from seenheard.lac_health.rules import looked_after_continuously
from seenheard.lac_health.selectors import current_episodes
from seenheard.lac_health.tracker import tracker_rows
from seenheard.screening.models import SdqRecord, SdqReview

pytestmark = pytest.mark.django_db


def _last_31_march(today: dt.date) -> dt.date:
    year = today.year if today >= dt.date(today.year, 3, 31) else today.year - 1
    return dt.date(year, 3, 31)


def test_two_thousand_children_give_council_a_a_caseload():
    seed_run(children=2000, seed=1)
    islington = Organisation.objects.get(code="E09000019")
    today = clock.today()
    in_care = list(current_episodes(la=islington, day=today))
    assert len(in_care) >= 20
    march = _last_31_march(today)
    at_march = current_episodes(la=islington, day=march)
    assert sum(looked_after_continuously(e.period_start, march) for e in at_march) >= 5
    rows = tracker_rows(la=islington, as_of=today)
    assert any(r.iha_done and r.iha_done > r.iha_due for r in rows)  # some late
    assert HealthAssessment.objects.filter(outcome="declined").exists()
    assert HealthPlan.objects.exists() and PlanReview.objects.exists()
    # Carers' SDQs a year into care and yearly (R-OUT-3), some not completed; every total of
    # 14 or more was reviewed by a specialist who saw the child (R-OUT-4).
    sdqs = SdqRecord.objects.exclude(child__nhs_number="9990000018")  # scope-exempt: test
    assert sdqs.filter(outcome="completed", total_band="normal").exists()
    assert sdqs.filter(outcome="completed", total_difficulties__gte=14).exists()
    assert sdqs.filter(outcome="not-completed").exclude(not_completed_reason="").exists()
    high = sdqs.filter(total_difficulties__gte=14)
    assert SdqReview.objects.filter(sdq__in=high, status="seen").count() == high.count()
    assert any(r.last_sdq_date for r in rows)
    # Running again adds nobody.
    before = LacChild.objects.count(), SdqRecord.objects.count()
    seed_run(children=2000, seed=1)
    assert (LacChild.objects.count(), SdqRecord.objects.count()) == before
