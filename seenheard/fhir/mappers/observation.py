"""Observation: one value of an area's own outcome measure for a child (R-OUT-5).

The measure is a code in the council's own code system
(``OUTCOME_MEASURE_SYSTEM`` + the council's ONS code), its code the measure's stable code; the
value a Quantity (with the measure's unit, or the labelled point's label as its unit). Pure
functions: no database here (ADR 013).
"""

from __future__ import annotations

from typing import Any

from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

#: Each council's outcome measures are its own code system: this, then the ONS code.
OUTCOME_MEASURE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/outcome-measure/"


def outcome_system(la_code: str) -> str:
    return OUTCOME_MEASURE_SYSTEM + la_code


def observation(
    *,
    record_id: int,
    patient_id: int,
    nhs_number: str,
    la_code: str,
    code: str,
    display: str,
    measured_on: str,
    value: float,
    unit: str,
    recorded_at: str,
    performer: str,
) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value}
    if unit:
        quantity["unit"] = unit
    return {
        "resourceType": "Observation",
        "id": str(record_id),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": outcome_system(la_code), "code": code, "display": display}],
            "text": display,
        },
        "subject": {
            "reference": f"Patient/{patient_id}",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number},
        },
        "effectiveDateTime": measured_on,
        "issued": recorded_at,
        "performer": [{"display": performer}],
        "valueQuantity": quantity,
    }
