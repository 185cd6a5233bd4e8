from __future__ import annotations

import datetime as dt

import pytest

from seenheard.core import clock


@pytest.fixture
def hv(actor_named):
    """Hannah Vale, health visitor at the trust's health visiting and school nursing team."""
    return actor_named("hv.nurse")


@pytest.fixture
def gp(actor_named):
    return actor_named("gp")


@pytest.fixture
def lead(actor_named):
    return actor_named("safeguarding.lead")


@pytest.fixture
def on_plans(cast):
    """The demo council's flags: Amelia is looked after."""
    from seenheard.demo.cast import demo_flags_ensure

    demo_flags_ensure()


@pytest.fixture
def jayden(cast):
    from seenheard.children.models import Child

    return Child.objects.get(nhs_number="9990000026")  # scope-exempt: test set-up


@pytest.fixture
def book():
    """Book an appointment that started ``hours_ago`` hours ago (negative: in the future)."""
    from seenheard.appointments.services import appointment_book

    def make(actor, nhs_number: str, *, service: str = "health-visiting", hours_ago: float = 1):
        return appointment_book(
            actor=actor,
            nhs_number=nhs_number,
            service=service,
            starts_at=clock.now() - dt.timedelta(hours=hours_ago),
        )

    return make
