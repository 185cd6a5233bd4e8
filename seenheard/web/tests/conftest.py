from __future__ import annotations

import pytest

from seenheard.web.tests.world import World, world_build


@pytest.fixture
def world(db: None) -> World:
    """The shared "keep it fixed" world: each person with a child they may and may not see."""
    return world_build()
