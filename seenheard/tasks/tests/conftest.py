from __future__ import annotations

import pytest

from seenheard.encounters.tests.factories import child_named


@pytest.fixture
def noah(cast):
    return child_named("9990000034")


@pytest.fixture
def safeguarding_lead(actor_named):
    return actor_named("safeguarding.lead")
