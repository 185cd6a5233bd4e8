"""The attendance rules besides frequent attendance, without the database: telling the council
(R-FLAG-5) and the sexual-health flag (R-FLAG-8)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seenheard.encounters.rules import council_is_notified, sexual_health_flag_reasons


def test_only_unscheduled_care_of_a_child_with_an_open_plan_tells_the_council() -> None:
    assert council_is_notified(unscheduled_setting=True, has_open_flag=True)
    assert not council_is_notified(unscheduled_setting=False, has_open_flag=True)
    assert not council_is_notified(unscheduled_setting=True, has_open_flag=False)


def test_under_13_and_looked_after_are_flagged_with_their_reasons() -> None:
    assert sexual_health_flag_reasons(age=12, looked_after=False) == [
        "Under 13: cannot consent to sexual activity in law"
    ]
    assert sexual_health_flag_reasons(age=13, looked_after=False) == []
    assert sexual_health_flag_reasons(age=15, looked_after=True) == ["Looked after"]
    assert sexual_health_flag_reasons(age=14, looked_after=False, under_age=16) == [
        "Under 16: cannot consent to sexual activity in law"
    ]


@given(
    age=st.integers(min_value=0, max_value=25),
    looked_after=st.booleans(),
    under=st.integers(min_value=10, max_value=18),
)
def test_a_reason_for_each_condition(age: int, looked_after: bool, under: int) -> None:
    reasons = sexual_health_flag_reasons(age=age, looked_after=looked_after, under_age=under)
    assert len(reasons) == (age < under) + looked_after
