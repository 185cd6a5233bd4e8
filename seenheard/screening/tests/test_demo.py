"""The demo's SDQs (issue 11 item 10): Amelia's scores before and after help, and the reviews
they led to (R-OUT-4)."""

from __future__ import annotations

import pytest

from seenheard.demo.sdq import demo_sdqs_ensure
from seenheard.screening.models import SdqRecord, SdqReview, SdqReviewStatus

pytestmark = pytest.mark.django_db


def test_amelias_sdqs_tell_the_story_once(cast, amelia):
    assert demo_sdqs_ensure()
    totals = list(
        SdqRecord.objects.filter(child=amelia, informant="carer")
        .order_by("completed_on")
        .values_list("total_difficulties", flat=True)
    )
    assert totals == [19, 11]
    statuses = sorted(SdqReview.objects.filter(child=amelia).values_list("status", flat=True))
    assert statuses == [SdqReviewStatus.AWAITING, SdqReviewStatus.SEEN]
    assert not demo_sdqs_ensure()
    assert SdqRecord.objects.filter(child=amelia).count() == 3
