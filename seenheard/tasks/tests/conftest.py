from __future__ import annotations

import pytest


@pytest.fixture
def safeguarding_lead(actor_named):
    return actor_named("safeguarding.lead")
