"""The banner says what staff would say, for each kind of plan (issue 7 section 4; R-FLAG-1,
R-FLAG-3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from seenheard.flags.models import PlanType
from seenheard.flags.presenters import flag_sentence
from seenheard.flags.rules import FlagState
from seenheard.flags.selectors import FlagBanner, ShownFlag

OPEN = {
    PlanType.CPP: "This child is subject to a child protection plan with Islington.",
    PlanType.LAC: "This child is looked after by Islington.",
    PlanType.UCPP: (
        "The unborn baby of this woman is subject to a child protection plan with Islington."
    ),
}
ENDED = {
    PlanType.CPP: "This child was subject to a child protection plan with Islington until "
    "2 March 2026.",
    PlanType.LAC: "This child was looked after by Islington until 2 March 2026.",
    PlanType.UCPP: "The unborn baby of this woman was subject to a child protection plan "
    "with Islington until 2 March 2026.",
}


def _shown(plan: PlanType, state: FlagState) -> ShownFlag:
    return ShownFlag(
        flag_id=1,
        plan_type=plan,
        state=state,
        start_date=dt.date(2025, 1, 6),
        end_date=dt.date(2026, 3, 2) if state == FlagState.PREVIOUS else None,
        expected_delivery_date=None,
        council_id=1,
        council_code="E09000019",
        council_name="Islington",
        phone_office_hours="020 7527 7400",
        phone_out_of_hours="020 7226 0992",
    )


@pytest.mark.parametrize("plan", list(PlanType))
def test_each_kind_of_plan_has_its_sentence(plan: PlanType) -> None:
    assert flag_sentence(plan, council="Islington") == OPEN[plan]
    assert flag_sentence(plan, council="Islington", end_date=dt.date(2026, 3, 2)) == ENDED[plan]


@pytest.mark.parametrize("plan", list(PlanType))
def test_the_banner_shows_the_sentence_not_the_old_wording(plan: PlanType) -> None:
    html = render_to_string(
        "flags/banner.jinja",
        {"flag_banner": FlagBanner(child_id=1, open=[_shown(plan, FlagState.OPEN)])},
    )
    assert OPEN[plan] in html
    assert "holds an open" not in html


@pytest.mark.parametrize("plan", list(PlanType))
def test_the_banner_says_when_a_plan_ended(plan: PlanType) -> None:
    html = render_to_string(
        "flags/banner.jinja",
        {"flag_banner": FlagBanner(child_id=1, previous=[_shown(plan, FlagState.PREVIOUS)])},
    )
    assert ENDED[plan] in html


def test_an_open_plan_with_a_planned_end_reads_as_open() -> None:
    shown = _shown(PlanType.LAC, FlagState.OPEN)
    assert shown.sentence == OPEN[PlanType.LAC]
