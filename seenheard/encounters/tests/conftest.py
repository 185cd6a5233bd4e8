from __future__ import annotations

import pytest

from seenheard.encounters.tests.factories import child_named


@pytest.fixture
def noah(cast):
    """Noah Brennan, 16, with no relationship to any setting and no flag."""
    return child_named("9990000034")


@pytest.fixture
def safeguarding_lead(actor_named):
    return actor_named("safeguarding.lead")
