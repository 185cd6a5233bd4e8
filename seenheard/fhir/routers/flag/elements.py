"""Reading a Flag from a council: each element checked, a malformed one refused naming it."""

from __future__ import annotations

import datetime as dt

from seenheard.core import clock
from seenheard.fhir.body import (
    JSON,
    echo,
    extension_value,
    list_element,
    object_element,
    patient_nhs_number,
    string_element,
)
from seenheard.fhir.errors import invalid
from seenheard.fhir.mappers.flag import (
    PLAN_BY_SNOMED,
    STATUS,
)
from seenheard.fhir.routers.flag.support import (
    EXPECTED_DELIVERY,
    PLAN_CODES,
)
from seenheard.fhir.systems import (
    EXPECTED_DELIVERY_DATE_EXTENSION,
    ONS_AREA_CODE_SYSTEM,
    SNOMED_SYSTEM,
)
from seenheard.flags.models import PlanType, ProtectionFlag
from seenheard.flags.rules import flag_state
from seenheard.flags.upload.parse import parse_date


def plan_type(flag: JSON) -> PlanType:
    code = object_element(flag, "code", expression="Flag.code", required=True)
    assert code is not None
    snomed = [
        c
        for c in list_element(code, "coding", expression="Flag.code.coding")
        if isinstance(c, dict) and c.get("system") == SNOMED_SYSTEM
    ]
    if not snomed:
        raise invalid(
            f"Flag.code needs a coding with system {SNOMED_SYSTEM} and one of the codes "
            f"{PLAN_CODES}.",
            expression=["Flag.code"],
            code="required",
        )
    plans = {PLAN_BY_SNOMED.get(str(c.get("code", ""))) for c in snomed}
    if None in plans:
        unknown = next(
            c.get("code") for c in snomed if PLAN_BY_SNOMED.get(str(c.get("code"))) is None
        )
        raise invalid(
            f"The plan code {echo(unknown)} is not one this index holds. Use one of the SNOMED "
            f"CT codes {PLAN_CODES}.",
            expression=["Flag.code"],
            code="code-invalid",
        )
    if len(plans) > 1:
        raise invalid(
            "Flag.code has codings for more than one kind of plan; send one Flag per plan.",
            expression=["Flag.code"],
        )
    (plan,) = plans
    assert plan is not None
    return plan


def council_code(flag: JSON) -> str:
    author = object_element(flag, "author", expression="Flag.author", required=True)
    assert author is not None
    identifier = author.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != ONS_AREA_CODE_SYSTEM:
        raise invalid(
            "Flag.author must name the council by its ONS code: "
            f'{{"identifier": {{"system": "{ONS_AREA_CODE_SYSTEM}", "value": "E09000019"}}}}.',
            expression=["Flag.author"],
        )
    code = string_element(
        identifier, "value", expression="Flag.author.identifier.value", required=True
    )
    assert code is not None
    return code


def period_of(flag: JSON, *, required: bool) -> JSON:
    period = object_element(flag, "period", expression="Flag.period", required=required)
    return period or {}


def status_of(flag: JSON) -> str:
    status = string_element(flag, "status", expression="Flag.status", required=True)
    if status not in ("active", "inactive"):
        raise invalid(
            f"Flag.status must be active (an open plan) or inactive (an ended one), not "
            f"{echo(status)}. A record entered in error is removed by the council's upload "
            "file (delete Y).",
            expression=["Flag.status"],
            code="not-supported" if status == "entered-in-error" else "value",
        )
    return status


def status_matches(*, sent: str, flag: ProtectionFlag) -> None:
    """R-FLAG-1: the status is the plan's state on its dates; a Flag that says otherwise
    contradicts itself, and is refused rather than half-believed."""
    today = clock.today()
    state = flag_state(start=flag.start_date, end=flag.end_date, today=today)
    actual = STATUS[state]
    if sent == actual:
        return
    if actual == "active":
        says = (
            "the plan has no end date"
            if flag.end_date is None
            else f"the plan ends on {flag.end_date}, after today"
        )
        raise invalid(
            f"Flag.status is inactive but {says}: send status active, or give period.end "
            "on or before today.",
            expression=["Flag.status"],
            code="invariant",
        )
    raise invalid(
        f"Flag.status is active but the plan ended on {flag.end_date}: send status inactive.",
        expression=["Flag.status"],
        code="invariant",
    )


def expected_delivery(resource: JSON, *, plan: PlanType) -> dt.date | None:
    text = extension_value(
        resource,
        url=EXPECTED_DELIVERY_DATE_EXTENSION,
        value_key="valueDate",
        expression=EXPECTED_DELIVERY,
        resource_type="Flag",
    )
    if text is None:
        return None
    if plan != PlanType.UCPP:
        raise invalid(
            "An expected date of delivery belongs only to an unborn child's plan "
            "(SNOMED CT 818901000000100).",
            expression=[EXPECTED_DELIVERY],
        )
    parsed = parse_date(text)
    if parsed is None:
        raise invalid(
            f"The expected date of delivery {echo(text)} is not a date in the form YYYY-MM-DD.",
            expression=[EXPECTED_DELIVERY],
            code="value",
        )
    return parsed


def same_flag(resource: JSON, flag: ProtectionFlag, *, period: JSON) -> None:
    """An update may only end the flag: whatever else it says must be what is held."""
    if "code" in resource and plan_type(resource) != flag.plan_type:
        raise invalid(
            "Flag.code differs from the flag held: only ending a flag is supported. Send a "
            "new Flag with POST for a different plan.",
            expression=["Flag.code"],
        )
    if "subject" in resource:
        subject = object_element(resource, "subject", expression="Flag.subject", required=True)
        assert subject is not None
        if patient_nhs_number(subject, expression="Flag.subject") != flag.nhs_number:
            raise invalid(
                "Flag.subject differs from the flag held: a flag cannot move to another person.",
                expression=["Flag.subject"],
            )
    start = period.get("start")
    if start is not None and start != flag.start_date.isoformat():
        raise invalid(
            f"Flag.period.start differs from the flag held ({flag.start_date}): only ending "
            "a flag is supported.",
            expression=["Flag.period.start"],
        )
