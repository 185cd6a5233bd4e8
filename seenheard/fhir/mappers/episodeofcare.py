"""EpisodeOfCare: one SSDA903 episode of a looked-after child (issue 11 item 1; R-OUT-1).

FHIR has no elements for the DfE's codes, so they travel in one complex extension whose parts
are named by the DfE's own column names (RNE, LS, CIN, PLACE, PLACE_PROVIDER, REC,
REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN; SEX, DOB, ETHNIC and UASC from the Header table).
The council's CHILD id is an identifier. Pure functions: no database here (ADR 013).
"""

from __future__ import annotations

from typing import Any

from seenheard.fhir.systems import NHS_NUMBER_SYSTEM, ONS_AREA_CODE_SYSTEM

#: The council's own CHILD id, qualified by the council's ONS code in the identifier's assigner.
SSDA903_CHILD_SYSTEM = "https://seenheard.example/fhir/Id/ssda903-child"
#: The SSDA903 columns of the episode and its Header row.
SSDA903_EXTENSION = "https://seenheard.example/fhir/StructureDefinition/ssda903-episode"
#: Each part and the FHIR value type it is sent as.
PARTS: dict[str, str] = {
    "SEX": "valueCode",
    "DOB": "valueDate",
    "ETHNIC": "valueCode",
    "UASC": "valueBoolean",
    "RNE": "valueCode",
    "LS": "valueCode",
    "CIN": "valueCode",
    "PLACE": "valueCode",
    "PLACE_PROVIDER": "valueCode",
    "REC": "valueCode",
    "REASON_PLACE_CHANGE": "valueCode",
    "HOME_POST": "valueString",
    "PL_POST": "valueString",
    "URN": "valueString",
}


def episode_of_care(
    *,
    episode_id: int,
    patient_id: int,
    nhs_number: str,
    la_code: str,
    child_ref: str,
    period_start: str,
    period_end: str | None,
    parts: dict[str, Any],
) -> dict[str, Any]:
    """The EpisodeOfCare for one episode; ``parts`` by DfE column (empty ones left out)."""
    period = {"start": period_start, **({"end": period_end} if period_end else {})}
    extension = [
        {"url": name, PARTS[name]: value}
        for name, value in parts.items()
        if name in PARTS and value not in ("", None)
    ]
    return {
        "resourceType": "EpisodeOfCare",
        "id": str(episode_id),
        "extension": [{"url": SSDA903_EXTENSION, "extension": extension}],
        "identifier": [
            {
                "system": SSDA903_CHILD_SYSTEM,
                "value": child_ref,
                "assigner": {"identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": la_code}},
            }
        ],
        "status": "finished" if period_end else "active",
        "patient": {
            "reference": f"Patient/{patient_id}",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number},
        },
        "managingOrganization": {"identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": la_code}},
        "period": period,
    }
