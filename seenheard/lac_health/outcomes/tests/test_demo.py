"""The demo's outcomes (issue 11 item 6): council A's measures, agreed with its children, one
changed and one retired, and values for its children in care; added once."""

from __future__ import annotations

import pytest

from seenheard.demo.outcomes import demo_outcomes_ensure
from seenheard.lac_health.outcomes.models import OutcomeMeasure, OutcomeRecord

pytestmark = pytest.mark.django_db


def test_council_a_gets_its_measures_and_its_children_values_once(in_care, client_for):
    added = demo_outcomes_ensure()
    assert added >= 3 and OutcomeRecord.objects.filter(child=in_care).count() == 3
    assert demo_outcomes_ensure() == 0
    codes = set(OutcomeMeasure.objects.values_list("code", flat=True))
    assert codes == {
        "sleeping-well",
        "feeling-safe-where-i-live",
        "worries-getting-in-the-way",
        "days-missed-at-school",
    }
    listing = client_for("lac.nurse").get("/lac/outcomes/").content.decode()
    assert "Measures no longer in use" in listing and "Days missed at school" in listing
    record = client_for("lac.nurse").get(f"/lac/children/{in_care.pk}/").content.decode()
    assert "Feeling safe where I live over time" in record
