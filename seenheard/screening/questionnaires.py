"""Questionnaires as versioned data (R-OUT-3): what is asked, of whom, how answers count.

A scored response names the questionnaire and version it was scored by, so a later version
(new bands, a new informant) never changes what an earlier score meant.

The SDQ (Strengths and Difficulties Questionnaire, 4-17 years) is Robert Goodman's, published
by youthinmind. Its wording may be photocopied on paper but not reproduced electronically
without permission, so the items here carry the short names of the authors' own scoring
syntax, glossed in plain English, and the forms say "as ticked on the paper questionnaire".
Sources (cited by the rules that use them):
- "Scoring the Strengths & Difficulties Questionnaire for age 4-17 or 18+", youthinmind,
  sdqinfo.org (English, UK): the items, reverse-scored items, subscales, the 3-of-5 rule,
  the impact supplement and its scoring.
- The same document's original three-band categorisation ("normal", "borderline",
  "abnormal", which we say as "cause for concern") for parent (carer), teacher and
  self-completed questionnaires: the bands below.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Informant(models.TextChoices):
    """Who completed the questionnaire (the SDQ's parent version is the carer's)."""

    CARER = "carer", "Carer"
    TEACHER = "teacher", "Teacher"
    SELF = "self", "Young person (self-report)"


class Scale(models.TextChoices):
    EMOTIONAL = "emotional", "Emotional symptoms"
    CONDUCT = "conduct", "Conduct problems"
    HYPERACTIVITY = "hyperactivity", "Hyperactivity and inattention"
    PEER = "peer", "Peer relationship problems"
    PROSOCIAL = "prosocial", "Kind and helpful behaviour (prosocial)"
    TOTAL = "total_difficulties", "Total difficulties"
    IMPACT = "impact", "Impact on daily life"


class Band(models.TextChoices):
    NORMAL = "normal", "Close to average"
    BORDERLINE = "borderline", "Borderline"
    CONCERN = "concern", "Cause for concern"


@dataclass(frozen=True)
class Item:
    number: int
    name: str  # the authors' short name in their scoring syntax
    gloss: str


@dataclass(frozen=True)
class Cutoffs:
    """A scale's bands: the highest normal score and the highest borderline one; for the
    prosocial scale, where a higher score is better, the lowest of each."""

    normal_to: int
    borderline_to: int
    higher_is_better: bool = False


@dataclass(frozen=True)
class Questionnaire:
    code: str
    version: str
    title: str
    items: tuple[Item, ...]
    reverse_scored: frozenset[int]
    subscales: dict[Scale, tuple[int, ...]]
    min_answered: int
    informants: tuple[Informant, ...]
    self_report_from_age: int
    impact_items: dict[Informant, tuple[str, ...]]
    bands: dict[Informant, dict[Scale, Cutoffs]]

    def item(self, number: int) -> Item:
        return self.items[number - 1]


_ITEMS = (
    Item(1, "consid", "Considerate of other people's feelings"),
    Item(2, "restles", "Restless, overactive"),
    Item(3, "somatic", "Headaches, stomach-aches or sickness"),
    Item(4, "shares", "Shares readily with others"),
    Item(5, "tantrum", "Temper tantrums or hot tempers"),
    Item(6, "loner", "Rather solitary, tends to play alone"),
    Item(7, "obeys", "Generally obedient"),
    Item(8, "worries", "Many worries"),
    Item(9, "caring", "Helpful if someone is hurt or upset"),
    Item(10, "fidgety", "Constantly fidgeting or squirming"),
    Item(11, "friend", "Has at least one good friend"),
    Item(12, "fights", "Often fights or bullies"),
    Item(13, "unhappy", "Often unhappy or tearful"),
    Item(14, "popular", "Generally liked by other children"),
    Item(15, "distrac", "Easily distracted"),
    Item(16, "clingy", "Nervous or clingy in new situations"),
    Item(17, "kind", "Kind to younger children"),
    Item(18, "lies", "Often lies or cheats"),
    Item(19, "bullied", "Picked on or bullied"),
    Item(20, "helpout", "Often volunteers to help"),
    Item(21, "reflect", "Thinks things out before acting"),
    Item(22, "steals", "Steals"),
    Item(23, "oldbest", "Gets on better with adults than with children"),
    Item(24, "afraid", "Many fears, easily scared"),
    Item(25, "attends", "Sees tasks through, good attention span"),
)

# The impact supplement's follow-up questions, asked when the informant says there are
# difficulties; the teacher's form has no home-life or leisure questions.
IMPACT_QUESTIONS = ("distress", "home", "friendships", "classroom", "leisure")

_CARER_BANDS = {
    Scale.TOTAL: Cutoffs(13, 16),
    Scale.EMOTIONAL: Cutoffs(3, 4),
    Scale.CONDUCT: Cutoffs(2, 3),
    Scale.HYPERACTIVITY: Cutoffs(5, 6),
    Scale.PEER: Cutoffs(2, 3),
    Scale.PROSOCIAL: Cutoffs(6, 5, higher_is_better=True),
    Scale.IMPACT: Cutoffs(0, 1),
}
_TEACHER_BANDS = {
    Scale.TOTAL: Cutoffs(11, 15),
    Scale.EMOTIONAL: Cutoffs(4, 5),
    Scale.CONDUCT: Cutoffs(2, 3),
    Scale.HYPERACTIVITY: Cutoffs(5, 6),
    Scale.PEER: Cutoffs(3, 4),
    Scale.PROSOCIAL: Cutoffs(6, 5, higher_is_better=True),
    Scale.IMPACT: Cutoffs(0, 1),
}
_SELF_BANDS = {
    Scale.TOTAL: Cutoffs(15, 19),
    Scale.EMOTIONAL: Cutoffs(5, 6),
    Scale.CONDUCT: Cutoffs(3, 4),
    Scale.HYPERACTIVITY: Cutoffs(5, 6),
    Scale.PEER: Cutoffs(3, 5),
    Scale.PROSOCIAL: Cutoffs(6, 5, higher_is_better=True),
    Scale.IMPACT: Cutoffs(0, 1),
}

SDQ = Questionnaire(
    code="sdq",
    version="4-17-uk-2016",
    title="Strengths and Difficulties Questionnaire (SDQ)",
    items=_ITEMS,
    reverse_scored=frozenset({7, 11, 14, 21, 25}),
    subscales={
        Scale.EMOTIONAL: (3, 8, 13, 16, 24),
        Scale.CONDUCT: (5, 7, 12, 18, 22),
        Scale.HYPERACTIVITY: (2, 10, 15, 21, 25),
        Scale.PEER: (6, 11, 14, 19, 23),
        Scale.PROSOCIAL: (1, 4, 9, 17, 20),
    },
    min_answered=3,
    informants=(Informant.CARER, Informant.TEACHER, Informant.SELF),
    self_report_from_age=11,
    impact_items={
        Informant.CARER: IMPACT_QUESTIONS,
        Informant.TEACHER: ("distress", "friendships", "classroom"),
        Informant.SELF: IMPACT_QUESTIONS,
    },
    bands={
        Informant.CARER: _CARER_BANDS,
        Informant.TEACHER: _TEACHER_BANDS,
        Informant.SELF: _SELF_BANDS,
    },
)

QUESTIONNAIRES = {(SDQ.code, SDQ.version): SDQ}
