"""Child -> FHIR Patient (R4B model, R4-compatible elements only). Golden-JSON tested."""

from __future__ import annotations

from typing import Any

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child, Sex
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import (
    NHS_NUMBER_SYSTEM,
    ODS_ORGANISATION_CODE_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    RESPONSIBLE_LA_EXTENSION,
)

#: Sex as recorded -> FHIR AdministrativeGender. fhir.resources does not enforce the value set,
#: so the mapping is total and explicit here.
GENDER: dict[Sex, str] = {
    Sex.FEMALE: "female",
    Sex.MALE: "male",
    Sex.OTHER: "other",
    Sex.UNKNOWN: "unknown",
}


def organisation_reference(org: Organisation, *, system: str) -> dict[str, Any]:
    """A logical reference: organisations are not served as resources here, so the reference
    carries the national identifier and name rather than a URL that would not resolve."""
    return {
        "type": "Organization",
        "identifier": {"system": system, "value": org.code},
        "display": org.name,
    }


def patient_from_child(child: Child) -> FhirJson:
    data: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(child.pk),
        "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": child.nhs_number}],
        "name": [{"use": "official", "family": child.family_name, "given": [child.given_name]}],
        "gender": GENDER.get(Sex(child.sex), "unknown"),
        "birthDate": child.date_of_birth.isoformat(),
    }
    if child.updated_at is not None:
        data["meta"] = {"lastUpdated": fhir_instant(child.updated_at)}
    if child.postcode:
        data["address"] = [{"postalCode": child.postcode}]
    if child.gp_practice is not None:
        data["generalPractitioner"] = [
            organisation_reference(child.gp_practice, system=ODS_ORGANISATION_CODE_SYSTEM)
        ]
    if child.responsible_la is not None:
        data["extension"] = [
            {
                "url": RESPONSIBLE_LA_EXTENSION,
                "valueReference": organisation_reference(
                    child.responsible_la, system=ONS_AREA_CODE_SYSTEM
                ),
            }
        ]
    return data
