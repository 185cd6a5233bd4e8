"""The protection-flag banner's sentences, said the way staff say them (R-FLAG-1, R-FLAG-3).

One sentence per kind of plan and state, so the banner, and anything else that names a flag,
reads the same everywhere: "This child is looked after by Islington", not "Islington holds an
open looked after child for this child".
"""

from __future__ import annotations

import datetime as dt

from seenheard.flags.models import PlanType

_OPEN = {
    PlanType.CPP: "This child is subject to a child protection plan with {council}.",
    PlanType.LAC: "This child is looked after by {council}.",
    PlanType.UCPP: (
        "The unborn baby of this woman is subject to a child protection plan with {council}."
    ),
}

_PREVIOUS = {
    PlanType.CPP: "This child was subject to a child protection plan with {council} until {end}.",
    PlanType.LAC: "This child was looked after by {council} until {end}.",
    PlanType.UCPP: (
        "The unborn baby of this woman was subject to a child protection plan with {council} "
        "until {end}."
    ),
}


def flag_sentence(plan_type: str, *, council: str, end_date: dt.date | None = None) -> str:
    """The banner's sentence for one plan: open when there is no end date, else ended."""
    kind = PlanType(plan_type)
    if end_date is None:
        return _OPEN[kind].format(council=council)
    return _PREVIOUS[kind].format(council=council, end=f"{end_date:%-d %B %Y}")
