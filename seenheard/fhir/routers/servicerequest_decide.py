"""Reading the body of ``POST ServiceRequest/{id}/$decide`` (R-REF-3): a FHIR ``Parameters``
resource with the receiving team's decision. The shape only, each problem a 400 at its element;
what the decision must hold (an outcome from the list, reasons, where a redirected referral went,
the limits) is the service's (``referrals.rules.decision_problems``), answered 422.

    {"resourceType": "Parameters", "parameter": [
        {"name": "outcome", "valueCode": "strategy-discussion"},
        {"name": "reasons", "valueString": "Section 47 threshold met."},
        {"name": "redirectedTo", "valueString": "..."}]}   # only for outcome "redirected"
"""

from __future__ import annotations

from typing import Any

from seenheard.fhir.body import JSON, echo
from seenheard.fhir.errors import invalid
from seenheard.referrals.models import DecisionOutcome
from seenheard.referrals.rules import DecisionInput

#: Each parameter: its name in the Parameters resource, the value[x] it is sent as, and the
#: DecisionInput field it fills.
PARAMETERS: dict[str, tuple[str, str]] = {
    "outcome": ("valueCode", "outcome"),
    "reasons": ("valueString", "reasons"),
    "redirectedTo": ("valueString", "redirected_to"),
}


def parameter_expression(name: str) -> str:
    return f"Parameters.parameter.where(name='{name}')"


#: Where each part of a decision is, as a FHIRPath expression (for OperationOutcome issues).
DECISION_ELEMENTS: dict[str, str] = {
    field: parameter_expression(name) for name, (_, field) in PARAMETERS.items()
}

OUTCOME_CODES = ", ".join(DecisionOutcome.values)

EXAMPLE: dict[str, Any] = {
    "resourceType": "Parameters",
    "parameter": [
        {"name": "outcome", "valueCode": "strategy-discussion"},
        {"name": "reasons", "valueString": "Section 47 threshold met; strategy discussion at 4pm."},
    ],
}


def _value(item: JSON, name: str, index: int) -> str:
    key, _ = PARAMETERS[name]
    expression = f"Parameters.parameter[{index}]"
    others = [k for k in item if k.startswith("value") and k != key]
    if others or key not in item:
        raise invalid(
            f"The {name!r} parameter is sent as {key}" + (f", not {others[0]}." if others else "."),
            expression=[f"{expression}.{key}"],
        )
    value = item[key]
    if not isinstance(value, str):
        raise invalid(
            f"The {name!r} parameter's {key} must be text, not {echo(value)}.",
            expression=[f"{expression}.{key}"],
        )
    return value


def decision_input_from(parameters: JSON) -> DecisionInput:
    """The decision a Parameters resource carries; a part left out is empty (the service says
    it is missing). Refused (400): ``parameter`` not a list of named parameters, an unknown or
    repeated name, a value of the wrong type."""
    items = parameters.get("parameter", [])
    if not isinstance(items, list):
        raise invalid("Parameters.parameter must be a list.", expression=["Parameters.parameter"])
    found: dict[str, str] = {}
    for index, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or name not in PARAMETERS:
            raise invalid(
                f"Parameters.parameter[{index}]: the parameters are outcome (one of "
                f"{OUTCOME_CODES}), reasons and, when redirected, redirectedTo; not "
                f"{echo(name)}.",
                expression=[f"Parameters.parameter[{index}].name"],
            )
        if PARAMETERS[name][1] in found:
            raise invalid(
                f"The {name!r} parameter is given more than once; give it once.",
                expression=[parameter_expression(name)],
            )
        assert isinstance(item, dict)
        found[PARAMETERS[name][1]] = _value(item, name, index)
    return DecisionInput(**found)
