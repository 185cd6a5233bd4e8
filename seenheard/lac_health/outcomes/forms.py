"""Reading the outcome forms (R-OUT-5): plain fields in, the service's input and the problems
only the form can see (a number that is not one) out; every other rule is the service's."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from seenheard.lac_health.forms import date_parts
from seenheard.lac_health.outcomes import rules
from seenheard.lac_health.outcomes.services import ValueInput

SCALE_KINDS = (
    ("numbers", "Numbers from a lowest to a highest, with a unit"),
    ("points", "A few labelled points (like 0 = Never, 1 = Sometimes, 2 = Most days)"),
)


def _text(post: Mapping[str, str], name: str) -> str:
    return str(post.get(name) or "")


def _scale(post: Mapping[str, str]) -> tuple[rules.Scale | None, dict[str, str]]:
    kind = _text(post, "scale_kind")
    if kind == "points":
        points, bad = rules.parse_points(_text(post, "points"))
        if bad:
            return None, {
                "points": f"Write each point as a number, = and its label: not '{bad[0][:40]}'."
            }
        if not points:
            return None, {"points": "Enter the labelled points, one a line, like 0 = Never."}
        bottom, top = min(p.value for p in points), max(p.value for p in points)
        return rules.Scale(Decimal(bottom), Decimal(top), points=points), {}
    if kind != "numbers":
        return None, {"scale_kind": "Choose numbers or labelled points for the scale."}
    errors: dict[str, str] = {}
    low = rules.parse_number(_text(post, "scale_min"))
    high = rules.parse_number(_text(post, "scale_max"))
    if low is None:
        errors["scale_min"] = "Enter the lowest number of the scale, like 0."
    if high is None:
        errors["scale_max"] = "Enter the highest number of the scale, like 10."
    if low is None or high is None:
        return None, errors
    return rules.Scale(low, high, unit=_text(post, "unit").strip()), {}


def measure_input(post: Mapping[str, str]) -> tuple[rules.MeasureInput, dict[str, str]]:
    """The measure as typed, and the scale's problems the form finds (the scale is then None,
    which the service refuses, so every other problem is named beside them)."""
    scale, errors = _scale(post)
    data = rules.MeasureInput(
        name=_text(post, "name"),
        measures=_text(post, "measures"),
        direction=_text(post, "direction"),
        co_produced_with=_text(post, "co_produced_with"),
        childrens_words=_text(post, "childrens_words"),
        reason=_text(post, "reason"),
        active=_text(post, "active") != "no",
        scale=scale,
    )
    return data, errors


def value_input(post: Mapping[str, str]) -> tuple[ValueInput | None, dict[str, str]]:
    errors: dict[str, str] = {}
    measure = _text(post, "measure")
    if not measure.isascii() or not measure.isdigit():
        errors["measure"] = "Choose the outcome measure."
    value = rules.parse_number(_text(post, "value"))
    if value is None:
        errors["value"] = "Enter the value as a number, like 7 or 7.5."
    when, problem = date_parts(post, "measured_on", "the date it was measured")
    if problem:
        errors["measured_on"] = problem
    if errors or value is None or when is None:
        return None, errors
    return ValueInput(measure_id=int(measure), value=value, measured_on=when), {}
