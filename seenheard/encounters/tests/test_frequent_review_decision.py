"""R-FLAG-7 as one pure function, without the database: ``frequent_review_decision`` over the
child's unscheduled attendances, their last review and the protocol's window and threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from seenheard.encounters.rules import (
    LastReview,
    ReviewAction,
    frequent_review_decision,
    months_before,
)

NOW = dt.datetime(2026, 12, 6, 14, 0, tzinfo=dt.UTC)


@dataclass(eq=False)
class Visit:
    setting_id: int
    started_at: dt.datetime


def visits(days_ago: list[int], *, setting_id: int = 1) -> list[Visit]:
    """Attendances this many days before NOW, the last one at NOW (``this``)."""
    return [Visit(setting_id, NOW - dt.timedelta(days=d)) for d in days_ago] + [
        Visit(setting_id, NOW)
    ]


def test_the_tenth_in_twelve_months_asks_for_the_last_review_then_raises_one() -> None:
    ten = visits([300, 270, 240, 210, 180, 150, 120, 90, 60])
    first = frequent_review_decision(
        ten, this=ten[-1], window_months=12, threshold=10, repeat_minutes=60
    )
    assert first.action is ReviewAction.READ_LAST_REVIEW
    assert first.counted_in_window == 10
    second = frequent_review_decision(
        ten, this=ten[-1], window_months=12, threshold=10, repeat_minutes=60, last_review=None
    )
    assert second.action is ReviewAction.NEW
    assert second.in_window == ten


def test_the_ninth_raises_nothing_and_needs_no_last_review() -> None:
    nine = visits([240, 210, 180, 150, 120, 90, 60, 30])
    decision = frequent_review_decision(
        nine, this=nine[-1], window_months=12, threshold=10, repeat_minutes=60
    )
    assert decision.action is ReviewAction.NONE
    assert decision.counted_in_window == 9


def test_attendances_before_the_window_do_not_count() -> None:
    old = visits([400, 390, 380, 370, 300, 270, 240, 210, 180])
    decision = frequent_review_decision(
        old, this=old[-1], window_months=12, threshold=10, repeat_minutes=60, last_review=None
    )
    assert decision.action is ReviewAction.NONE
    assert decision.counted_in_window == 6


def test_an_open_review_is_joined() -> None:
    ten = visits([300, 270, 240, 210, 180, 150, 120, 90, 60])
    decision = frequent_review_decision(
        ten,
        this=ten[-1],
        window_months=12,
        threshold=10,
        repeat_minutes=60,
        last_review=LastReview(open=True),
    )
    assert decision.action is ReviewAction.JOIN


def test_after_a_closed_review_the_threshold_is_reached_again_by_later_attendances() -> None:
    eleven = visits([300, 270, 240, 210, 180, 150, 120, 90, 60, 30])
    closed = LastReview(open=False, closed_at=NOW - dt.timedelta(days=45))
    decision = frequent_review_decision(
        eleven,
        this=eleven[-1],
        window_months=12,
        threshold=10,
        repeat_minutes=60,
        last_review=closed,
    )
    assert decision.action is ReviewAction.NONE
    assert decision.counted_in_window == 11  # what the page says: every counted attendance
    low = frequent_review_decision(
        eleven,
        this=eleven[-1],
        window_months=12,
        threshold=2,
        repeat_minutes=60,
        last_review=closed,
    )
    assert low.action is ReviewAction.NEW
    assert low.in_window == eleven[-2:]


def test_the_same_visit_registered_again_counts_once() -> None:
    base = visits([300, 270, 240, 210, 180, 150, 120, 90])
    again = Visit(1, NOW + dt.timedelta(minutes=5))
    decision = frequent_review_decision(
        [*base, again], this=again, window_months=12, threshold=9, repeat_minutes=60
    )
    assert not decision.this_counts
    assert decision.action is ReviewAction.NONE
    elsewhere = Visit(2, NOW + dt.timedelta(minutes=5))
    moved = frequent_review_decision(
        [*base, elsewhere], this=elsewhere, window_months=12, threshold=10, repeat_minutes=60
    )
    assert moved.this_counts
    assert moved.action is ReviewAction.READ_LAST_REVIEW


# --- properties over many histories ----------------------------------------------------------

histories = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=800 * 24)),
    max_size=30,
)
reviews = st.one_of(
    st.none(),
    st.just(LastReview(open=True)),
    st.integers(min_value=0, max_value=800).map(
        lambda d: LastReview(open=False, closed_at=NOW - dt.timedelta(days=d))
    ),
)


def history(raw: list[tuple[int, int]], this_setting: int) -> list[Visit]:
    return [Visit(s, NOW - dt.timedelta(hours=h)) for s, h in raw] + [Visit(this_setting, NOW)]


@given(
    raw=histories,
    this_setting=st.integers(min_value=0, max_value=3),
    window=st.integers(min_value=1, max_value=24),
    threshold=st.integers(min_value=1, max_value=15),
    repeat=st.integers(min_value=0, max_value=240),
    last=reviews,
)
def test_the_decision_is_consistent(
    raw: list[tuple[int, int]],
    this_setting: int,
    window: int,
    threshold: int,
    repeat: int,
    last: LastReview | None,
) -> None:
    given_visits = history(raw, this_setting)
    this = given_visits[-1]
    options = {"window_months": window, "threshold": threshold, "repeat_minutes": repeat}
    unread = frequent_review_decision(given_visits, this=this, **options)  # type: ignore[arg-type]
    read = frequent_review_decision(given_visits, this=this, last_review=last, **options)
    start = months_before(NOW, window)
    # Never more counted than attended in the window; the count does not depend on reviews.
    assert unread.counted_in_window == read.counted_in_window
    assert read.counted_in_window <= sum(1 for v in given_visits if v.started_at >= start)
    # Unread, the rule only ever says "nothing" or "read the last review".
    assert unread.action in (ReviewAction.NONE, ReviewAction.READ_LAST_REVIEW)
    # Below the threshold, or a repeat of a visit, nothing whatever the last review.
    if unread.action is ReviewAction.NONE:
        assert read.action is ReviewAction.NONE
    if read.action is ReviewAction.JOIN:
        assert last is not None and last.open
    if read.action is ReviewAction.NEW:
        assert len(read.in_window) >= threshold
        assert this in read.in_window
        assert all(v.started_at >= start for v in read.in_window)
        if last is not None and last.closed_at is not None:
            assert all(v.started_at > last.closed_at for v in read.in_window)
