"""R-OUT-3 and R-OUT-4: the SDQ scored exactly as its authors publish, with worked examples
and properties over every possible questionnaire."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seenheard.screening.questionnaires import SDQ, Band, Informant, Scale
from seenheard.screening.rules import (
    band_of,
    impact_score,
    item_score,
    scaled_mean,
    sdq_band,
    sdq_needs_referral,
    sdq_scores,
    subscale_score,
)

answers = st.dictionaries(
    st.integers(1, 25), st.one_of(st.none(), st.integers(0, 2)), min_size=0, max_size=25
)


def test_reverse_scored_items_count_backwards() -> None:
    for number in (7, 11, 14, 21, 25):
        assert [item_score(number, t) for t in (0, 1, 2)] == [2, 1, 0]
    for number in set(range(1, 26)) - {7, 11, 14, 21, 25}:
        assert [item_score(number, t) for t in (0, 1, 2)] == [0, 1, 2]


def test_subscales_are_the_published_items() -> None:
    assert SDQ.subscales == {
        Scale.EMOTIONAL: (3, 8, 13, 16, 24),
        Scale.CONDUCT: (5, 7, 12, 18, 22),
        Scale.HYPERACTIVITY: (2, 10, 15, 21, 25),
        Scale.PEER: (6, 11, 14, 19, 23),
        Scale.PROSOCIAL: (1, 4, 9, 17, 20),
    }


def test_a_mean_of_exactly_half_rounds_up_not_to_even() -> None:
    # Four answered items scoring 2 in all: 2 / 4 * 5 = 2.5, which is 3 (round() gives 2).
    assert subscale_score([1, 1, 0, 0, None]) == 3
    assert round(2.5) == 2
    # 6 / 4 * 5 = 7.5 becomes 8; 10 / 4 * 5 = 12.5 cannot happen (at most 10).
    assert subscale_score([2, 2, 1, 1, None]) == 8
    # 1 / 3 * 5 = 1.67 becomes 2; 1 / 4 * 5 = 1.25 becomes 1.
    assert subscale_score([1, 0, 0, None, None]) == 2
    assert subscale_score([1, 0, 0, 0, None]) == 1


def test_a_subscale_needs_three_answers() -> None:
    assert subscale_score([2, 2, None, None, None]) is None
    assert subscale_score([2, 2, 2, None, None]) == 10


@given(st.integers(0, 10), st.integers(1, 5))
def test_scaled_mean_is_floor_of_half_up(total: int, answered: int) -> None:
    if total > 2 * answered:
        return
    assert scaled_mean(total, answered) == math.floor(total * 5 / answered + 0.5)


def test_worked_example_all_answered() -> None:
    # A carer's questionnaire: ticks as on paper, items 1 to 25.
    ticks = [2, 1, 0, 2, 1, 0, 2, 1, 2, 1, 2, 0, 0, 2, 1, 0, 2, 0, 0, 2, 1, 0, 0, 1, 1]
    scores = sdq_scores(dict(enumerate(ticks, start=1)), informant=Informant.CARER)
    assert (scores.emotional, scores.conduct, scores.hyperactivity) == (2, 1, 5)
    assert (scores.peer, scores.prosocial) == (0, 10)
    assert (scores.total_difficulties, scores.externalising, scores.internalising) == (8, 6, 2)
    assert scores.impact is None


def test_worked_example_with_gaps_and_impact() -> None:
    # Emotional: items 3, 8, 13 answered 2, 2, 1 (16 and 24 blank): 5 / 3 * 5 = 8.33 -> 8.
    ticks = {3: 2, 8: 2, 13: 1, 5: 1, 7: 1, 12: 0, 18: 0, 22: 0, 2: 2, 10: 2, 15: 2, 21: 0}
    ticks |= {25: 0, 6: 1, 11: 0, 14: 1, 19: 1, 23: 0}
    scores = sdq_scores(
        ticks,
        informant=Informant.CARER,
        difficulties=2,
        impact_answers={"distress": 3, "home": 2, "friendships": 1, "classroom": 2, "leisure": 0},
    )
    assert scores.emotional == 8
    assert scores.conduct == 2  # 1 + (2 - 1) + 0 + 0 + 0
    assert scores.hyperactivity == 10  # 2 + 2 + 2 + (2 - 0) + (2 - 0)
    assert scores.peer == 5  # 1 + 2 + 1 + 1 + 0
    assert scores.prosocial is None  # none of 1, 4, 9, 17, 20 answered
    assert scores.total_difficulties == 25
    assert scores.impact == 2 + 1 + 0 + 1 + 0
    assert sdq_band(Scale.TOTAL, 25, informant=Informant.CARER) == Band.CONCERN


def test_total_is_missing_when_any_difficulty_subscale_is() -> None:
    ticks = {n: 1 for n in range(1, 26)}
    for n in (3, 8, 13):
        ticks[n] = None  # type: ignore[assignment]
    scores = sdq_scores(ticks, informant=Informant.TEACHER)
    assert scores.emotional is None
    assert scores.total_difficulties is None and scores.internalising is None
    assert scores.externalising == 10


def test_impact_as_published() -> None:
    full = {"distress": 3, "home": 3, "friendships": 3, "classroom": 3, "leisure": 3}
    assert impact_score(0, {}, informant=Informant.CARER) == 0
    assert impact_score(None, full, informant=Informant.CARER) is None
    assert impact_score(3, full, informant=Informant.CARER) == 10
    assert impact_score(3, full, informant=Informant.SELF) == 10
    assert impact_score(1, full, informant=Informant.TEACHER) == 6  # no home or leisure
    assert impact_score(1, {**full, "home": None}, informant=Informant.TEACHER) == 6
    assert impact_score(1, {**full, "home": None}, informant=Informant.CARER) is None
    only_a_little = dict.fromkeys(full, 1)
    assert impact_score(2, only_a_little, informant=Informant.CARER) == 0


@pytest.mark.parametrize(
    ("informant", "normal", "borderline", "concern"),
    [
        (Informant.CARER, 13, (14, 16), 17),
        (Informant.TEACHER, 11, (12, 15), 16),
        (Informant.SELF, 15, (16, 19), 20),
    ],
)
def test_total_bands_per_informant(
    informant: Informant, normal: int, borderline: tuple[int, int], concern: int
) -> None:
    def band(score: int) -> Band | None:
        return sdq_band(Scale.TOTAL, score, informant=informant)

    assert band(0) == band(normal) == Band.NORMAL
    assert band(borderline[0]) == band(borderline[1]) == Band.BORDERLINE
    assert band(concern) == band(40) == Band.CONCERN


def test_prosocial_bands_run_the_other_way() -> None:
    cutoffs = SDQ.bands[Informant.CARER][Scale.PROSOCIAL]
    assert [band_of(s, cutoffs) for s in (10, 6, 5, 4, 0)] == [
        Band.NORMAL,
        Band.NORMAL,
        Band.BORDERLINE,
        Band.CONCERN,
        Band.CONCERN,
    ]


def test_referral_from_fourteen() -> None:
    assert not sdq_needs_referral(13)
    assert sdq_needs_referral(14)
    assert not sdq_needs_referral(None)
    assert sdq_needs_referral(12, threshold=12)


@given(answers, st.sampled_from(list(Informant)))
def test_scores_stay_in_range_and_add_up(ticks: dict[int, int | None], who: Informant) -> None:
    scores = sdq_scores(ticks, informant=who)
    for scale in (*SDQ.subscales,):
        value = scores.of(scale)
        answered = sum(1 for n in SDQ.subscales[scale] if ticks.get(n) is not None)
        assert (value is None) == (answered < 3)
        assert value is None or 0 <= value <= 10
    parts = [scores.emotional, scores.conduct, scores.hyperactivity, scores.peer]
    if None in parts:
        assert scores.total_difficulties is None
    else:
        assert scores.total_difficulties == sum(p for p in parts if p is not None)
        assert scores.total_difficulties == (scores.externalising or 0) + (
            scores.internalising or 0
        )
        assert sdq_band(Scale.TOTAL, scores.total_difficulties, informant=who) is not None


@given(st.lists(st.integers(0, 2), min_size=25, max_size=25))
def test_complete_questionnaires_score_as_plain_sums(ticks: list[int]) -> None:
    by_number = dict(enumerate(ticks, start=1))
    scores = sdq_scores(by_number, informant=Informant.CARER)
    for scale, numbers in SDQ.subscales.items():
        assert scores.of(scale) == sum(item_score(n, by_number[n]) for n in numbers)
