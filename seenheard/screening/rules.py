"""Scoring the SDQ exactly as its authors publish (R-OUT-3), and what a score leads to
(R-OUT-4). Pure functions; the questionnaire's numbers come from ``questionnaires.SDQ``.

Source for every scoring step: "Scoring the Strengths & Difficulties Questionnaire for age
4-17 or 18+", youthinmind, sdqinfo.org (English, UK), and the authors' own scoring syntax
published there (SPSS, Stata, R), which rounds with ``floor(x + 0.5)``: half up, unlike
Python's ``round``, which rounds half to even.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from seenheard.screening.questionnaires import (
    SDQ,
    Band,
    Cutoffs,
    Informant,
    Questionnaire,
    Scale,
)

ITEM_VALUES = (0, 1, 2)  # Not true, Somewhat true, Certainly true
DIFFICULTIES_VALUES = (0, 1, 2, 3)  # No, minor, definite, severe
IMPACT_VALUES = (0, 1, 2, 3)  # Not at all, Only a little, Quite a lot, A great deal
DIFFICULTY_SCALES = (Scale.EMOTIONAL, Scale.CONDUCT, Scale.HYPERACTIVITY, Scale.PEER)


@dataclass(frozen=True)
class SdqScores:
    emotional: int | None
    conduct: int | None
    hyperactivity: int | None
    peer: int | None
    prosocial: int | None
    total_difficulties: int | None
    externalising: int | None
    internalising: int | None
    impact: int | None

    def of(self, scale: Scale) -> int | None:
        value: int | None = getattr(self, scale.value)
        return value


def item_score(number: int, ticked: int, *, questionnaire: Questionnaire = SDQ) -> int:
    """R-OUT-3: Not true 0, Somewhat true 1, Certainly true 2, except the reverse-scored
    items (7, 11, 14, 21, 25: 'Generally obedient', 'Has at least one good friend' ...),
    which count 2, 1, 0."""
    return 2 - ticked if number in questionnaire.reverse_scored else ticked


def scaled_mean(total: int, answered: int) -> int:
    """The mean of the answered items times five, rounded half up (2.5 becomes 3), in whole
    numbers so that no float can round the wrong way: floor(5 * total / answered + 1/2)."""
    return (10 * total + answered) // (2 * answered)


def subscale_score(
    scores: Sequence[int | None], *, min_answered: int = SDQ.min_answered
) -> int | None:
    """R-OUT-3: a subscale is scored when at least 3 of its 5 items are answered, as the mean
    of those answered times 5 (so a missing item does not pull the score down)."""
    answered = [s for s in scores if s is not None]
    if len(answered) < min_answered:
        return None
    return scaled_mean(sum(answered), len(answered))


def impact_item_score(value: int) -> int:
    """The impact supplement's questions count 0 for 'Not at all' and 'Only a little', 1 for
    'Quite a lot' and 2 for 'A great deal'."""
    return max(value - 1, 0)


def impact_score(
    difficulties: int | None,
    answers: Mapping[str, int | None],
    *,
    informant: Informant,
    questionnaire: Questionnaire = SDQ,
) -> int | None:
    """The impact score as published: 0 when the informant says there are no difficulties
    (the follow-up questions are not asked); otherwise the sum of the scored follow-ups that
    the informant's form asks (carer and self: distress, home, friendships, classroom,
    leisure, 0-10; teacher: distress, friendships, classroom, 0-6), missing if any of them
    is unanswered or the difficulties question is."""
    if difficulties is None:
        return None
    if difficulties == 0:
        return 0
    values = [answers.get(name) for name in questionnaire.impact_items[informant]]
    if any(v is None for v in values):
        return None
    return sum(impact_item_score(v) for v in values if v is not None)


def _sum_or_none(*values: int | None) -> int | None:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def sdq_scores(
    ticked: Mapping[int, int | None],
    *,
    informant: Informant,
    difficulties: int | None = None,
    impact_answers: Mapping[str, int | None] | None = None,
    questionnaire: Questionnaire = SDQ,
) -> SdqScores:
    """R-OUT-3: every score of one questionnaire, from the values as ticked (item number to
    0, 1 or 2; None or absent when unanswered). Total difficulties is the sum of the four
    difficulty subscales (not prosocial) and missing if any of them is; externalising is
    conduct + hyperactivity, internalising emotional + peer."""
    sub: dict[Scale, int | None] = {}
    for scale, numbers in questionnaire.subscales.items():
        given = [(n, ticked.get(n)) for n in numbers]
        scored = [item_score(n, t, questionnaire=questionnaire) for n, t in given if t is not None]
        sub[scale] = subscale_score(scored, min_answered=questionnaire.min_answered)
    emotional, conduct = sub[Scale.EMOTIONAL], sub[Scale.CONDUCT]
    hyper, peer = sub[Scale.HYPERACTIVITY], sub[Scale.PEER]
    return SdqScores(
        emotional=emotional,
        conduct=conduct,
        hyperactivity=hyper,
        peer=peer,
        prosocial=sub[Scale.PROSOCIAL],
        total_difficulties=_sum_or_none(emotional, conduct, hyper, peer),
        externalising=_sum_or_none(conduct, hyper),
        internalising=_sum_or_none(emotional, peer),
        impact=impact_score(
            difficulties, impact_answers or {}, informant=informant, questionnaire=questionnaire
        ),
    )


def band_of(score: int, cutoffs: Cutoffs) -> Band:
    """Where a score falls in a scale's published bands."""
    if cutoffs.higher_is_better:
        if score >= cutoffs.normal_to:
            return Band.NORMAL
        return Band.BORDERLINE if score >= cutoffs.borderline_to else Band.CONCERN
    if score <= cutoffs.normal_to:
        return Band.NORMAL
    return Band.BORDERLINE if score <= cutoffs.borderline_to else Band.CONCERN


def sdq_band(
    scale: Scale, score: int | None, *, informant: Informant, questionnaire: Questionnaire = SDQ
) -> Band | None:
    """R-OUT-3: the published band of a score for the informant who gave it (carer's total
    0-13 normal, 14-16 borderline, 17-40 cause for concern; the teacher's and the young
    person's own totals and every subscale have their own, in ``questionnaires``)."""
    if score is None:
        return None
    return band_of(score, questionnaire.bands[informant][scale])


def sdq_needs_referral(total_difficulties: int | None, *, threshold: int = 14) -> bool:
    """R-OUT-4: a total difficulties score of 14 or more (the area's protocol may change the
    number) leads to a review by a specialist mental-health professional."""
    return total_difficulties is not None and total_difficulties >= threshold


def sdq_informant_problem(
    informant: Informant, *, age: int, questionnaire: Questionnaire = SDQ
) -> str | None:
    """R-OUT-3: the questionnaire is for children aged 4 to 17; the young person's own
    (self-report) from 11. None when the informant may complete it at this age."""
    if age < 4 or age > 17:
        return f"The SDQ is for children aged 4 to 17; this child is {age}."
    if informant == Informant.SELF and age < questionnaire.self_report_from_age:
        return (
            f"The young person's own SDQ is from age {questionnaire.self_report_from_age}; "
            f"this child is {age}. Record the carer's or the teacher's."
        )
    return None
