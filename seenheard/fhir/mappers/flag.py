"""Protection and risk flags -> FHIR Flag (R4B model, R4-compatible elements only). Golden-JSON
tested.

A protection flag (R-FLAG-1) carries what the registration banner shows (R-FLAG-3): the plan
(SNOMED CT code), its dates, and the responsible council with both telephone numbers, as a
contained Organization named by ``author``. Its ``text`` is the banner in words, so a client
that shows only the narrative still shows everything. Status ``active`` is an open plan;
``inactive`` a plan that has ended ("previously on a plan" while within 12 months of the end).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from seenheard.fhir.responses import FhirJson
from seenheard.fhir.systems import (
    EXPECTED_DELIVERY_DATE_EXTENSION,
    NHS_NUMBER_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    RISK_FLAG_CODE_SYSTEM,
    SNOMED_SYSTEM,
    SUBJECT_BIRTH_DATE_EXTENSION,
)
from seenheard.flags.models import PLAN_SNOMED, PlanType
from seenheard.flags.rules import FlagState
from seenheard.flags.selectors import ShownFlag, ShownRiskFlag

#: FHIR's flag-category code system: protection flags are about the child's safety.
FLAG_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category"
SAFETY = {"system": FLAG_CATEGORY_SYSTEM, "code": "safety", "display": "Safety"}

#: The contained council's local id, referenced from ``author``.
COUNCIL_ID = "council"

OFFICE_HOURS = "Office hours"
OUT_OF_HOURS = "Out of hours (emergency duty team)"

#: SNOMED CT code -> plan type: the inverse of PLAN_SNOMED, for reading flags sent to us.
PLAN_BY_SNOMED: dict[str, PlanType] = {code: plan for plan, (code, _) in PLAN_SNOMED.items()}

#: Flag status for each state of a plan (R-FLAG-1). A plan not yet started is already agreed,
#: so it is active, with its period saying from when.
STATUS: dict[FlagState, str] = {
    FlagState.OPEN: "active",
    FlagState.NOT_STARTED: "active",
    FlagState.PREVIOUS: "inactive",
    FlagState.EXPIRED: "inactive",
}


@dataclass(frozen=True)
class FlagSubject:
    """Who a flag is held against: the child, or for an unborn child's plan the mother."""

    nhs_number: str
    #: The child's Patient id; None when there is no Patient resource (a mother).
    patient_id: int | None = None
    birth_date: dt.date | None = None


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _subject(subject: FlagSubject) -> dict[str, Any]:
    reference: dict[str, Any] = {
        "type": "Patient",
        "identifier": {"system": NHS_NUMBER_SYSTEM, "value": subject.nhs_number},
    }
    if subject.patient_id is not None:
        reference["reference"] = f"Patient/{subject.patient_id}"
    return reference


def _council(shown: ShownFlag) -> dict[str, Any]:
    council: dict[str, Any] = {
        "resourceType": "Organization",
        "id": COUNCIL_ID,
        "identifier": [{"system": ONS_AREA_CODE_SYSTEM, "value": shown.council_code}],
        "name": shown.council_name,
    }
    contacts = [
        {"purpose": {"text": purpose}, "telecom": [{"system": "phone", "value": number}]}
        for purpose, number in (
            (OFFICE_HOURS, shown.phone_office_hours),
            (OUT_OF_HOURS, shown.phone_out_of_hours),
        )
        if number
    ]
    if contacts:
        council["contact"] = contacts
    return council


def banner_text(shown: ShownFlag) -> str:
    """The banner in words (R-FLAG-3): plan, dates, council and both telephone numbers."""
    if STATUS[shown.state] == "active":
        words = f"{shown.label} with {shown.council_name} since {_date(shown.start_date)}"
        if shown.end_date is not None:
            words += f", planned to end {_date(shown.end_date)}"
    else:
        end = shown.end_date or shown.start_date
        words = (
            f"Previously on a plan: {shown.label.lower()} with {shown.council_name} from "
            f"{_date(shown.start_date)} to {_date(end)}"
        )
    if shown.expected_delivery_date is not None:
        words += f". Expected delivery {_date(shown.expected_delivery_date)}"
    phones = [
        f"{purpose}: {number}"
        for purpose, number in (
            (OFFICE_HOURS, shown.phone_office_hours),
            (OUT_OF_HOURS, shown.phone_out_of_hours),
        )
        if number
    ]
    return words + (". " + ". ".join(phones) if phones else "") + "."


def _narrative(text: str) -> dict[str, str]:
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{html.escape(text)}</p></div>',
    }


def flag_from_shown(shown: ShownFlag, *, subject: FlagSubject) -> FhirJson:
    """A protection flag (child protection plan, looked after, unborn child on a plan)."""
    code, display = PLAN_SNOMED[PlanType(shown.plan_type)]
    period: dict[str, str] = {"start": shown.start_date.isoformat()}
    if shown.end_date is not None:
        period["end"] = shown.end_date.isoformat()
    extensions: list[dict[str, Any]] = []
    if subject.birth_date is not None:
        extensions.append(
            {"url": SUBJECT_BIRTH_DATE_EXTENSION, "valueDate": subject.birth_date.isoformat()}
        )
    if shown.expected_delivery_date is not None:
        extensions.append(
            {
                "url": EXPECTED_DELIVERY_DATE_EXTENSION,
                "valueDate": shown.expected_delivery_date.isoformat(),
            }
        )
    data: dict[str, Any] = {
        "resourceType": "Flag",
        "id": str(shown.flag_id),
        "text": _narrative(banner_text(shown)),
        "contained": [_council(shown)],
        "status": STATUS[shown.state],
        "category": [{"coding": [SAFETY], "text": "Safeguarding"}],
        "code": {
            "coding": [{"system": SNOMED_SYSTEM, "code": code, "display": display}],
            "text": shown.label,
        },
        "subject": _subject(subject),
        "period": period,
        "author": {
            "reference": f"#{COUNCIL_ID}",
            "type": "Organization",
            "identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": shown.council_code},
            "display": shown.council_name,
        },
    }
    if extensions:
        data["extension"] = extensions
    return data


def risk_flag_id(risk: ShownRiskFlag) -> str:
    """Risk flags are kept apart from protection flags, so their ids say which they are."""
    return f"risk-{risk.flag_id}"


def flag_from_risk(risk: ShownRiskFlag, *, subject: FlagSubject) -> FhirJson:
    """A shared risk flag (R-FLAG-9: missing, domestic abuse, FGM, CSE): who owns it and when
    it is next reviewed, so whoever sees the child knows whom to tell."""
    owner = f"{risk.owner_name}, {risk.owner_org_name}"
    text = f"{risk.label}. Owner: {owner}. Review by {_date(risk.review_on)}."
    return {
        "resourceType": "Flag",
        "id": risk_flag_id(risk),
        "text": _narrative(text),
        "status": "active",
        "category": [{"coding": [SAFETY], "text": "Safeguarding"}],
        "code": {
            "coding": [
                {"system": RISK_FLAG_CODE_SYSTEM, "code": risk.flag_type, "display": risk.label}
            ],
            "text": risk.label,
        },
        "subject": _subject(subject),
        "author": {"display": owner},
    }
