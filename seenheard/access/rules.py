"""Access rules as plain functions with their requirement IDs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from seenheard.access.models import BreakGlassReviewRoute

R = TypeVar("R")


def break_glass_reason_problem(reason: str, *, minimum_length: int = 10) -> str | None:
    """R-FLAG-10: emergency access needs a stated reason that a reviewer can judge."""
    text = (reason or "").strip()
    if not text:
        return "Enter the reason you need emergency access to this child's record."
    if len(text) < minimum_length:
        return (
            f"Give a fuller reason (at least {minimum_length} characters): the safeguarding "
            "professional who reviews emergency access will read it."
        )
    return None


@dataclass(frozen=True)
class ReviewRoute(Generic[R]):
    """Who reviews an emergency access: the route taken and the reviewers on it (empty only
    when the route is NONE)."""

    route: BreakGlassReviewRoute
    reviewers: tuple[R, ...]


def break_glass_review_route(
    *,
    organisation_leads: Sequence[R],
    area_designated: Sequence[R],
    system_oversight: Sequence[R],
) -> ReviewRoute[R]:
    """R-FLAG-10: every emergency access reaches a named reviewer (ADR 020). The organisation's
    own safeguarding lead (or one of an organisation it is part of) knows its staff and comes
    first; a practice or small service without one is reviewed by its area's designated
    professional (the designated nurse or doctor at the integrated care board); where neither
    exists, the system's safeguarding oversight reviews it. If there is nobody at all the route
    says so (NONE), and the grant is listed for oversight to find."""
    for route, reviewers in (
        (BreakGlassReviewRoute.ORGANISATION, organisation_leads),
        (BreakGlassReviewRoute.AREA, area_designated),
        (BreakGlassReviewRoute.SYSTEM, system_oversight),
    ):
        if reviewers:
            return ReviewRoute(route, tuple(reviewers))
    return ReviewRoute(BreakGlassReviewRoute.NONE, ())
