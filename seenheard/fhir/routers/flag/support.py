"""The Flag resource's declaration (interactions, search parameters) and its router."""

from __future__ import annotations

from seenheard.fhir.registry import (
    Interaction,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.systems import (
    EXPECTED_DELIVERY_DATE_EXTENSION,
    NHS_NUMBER_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    SUBJECT_BIRTH_DATE_EXTENSION,
)
from seenheard.flags.models import PLAN_SNOMED

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"
BIRTH_DATE = f"Flag.extension('{SUBJECT_BIRTH_DATE_EXTENSION}')"
EXPECTED_DELIVERY = f"Flag.extension('{EXPECTED_DELIVERY_DATE_EXTENSION}')"
PLAN_CODES = ", ".join(f"{code} ({plan.label})" for plan, (code, _) in PLAN_SNOMED.items())

support = ResourceSupport(
    type="Flag",
    interactions=(
        Interaction.READ,
        Interaction.CREATE,
        Interaction.UPDATE,
        Interaction.SEARCH_TYPE,
    ),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                "The child, by NHS number, as "
                f"{NHS_NUMBER_SYSTEM}|<10 digits>; or a pregnant woman by hers, for an "
                "unborn child's plan. Give this or patient, exactly once. Returns the child's "
                "open flags, those ended within the last 12 months (status inactive: "
                "'previously on a plan'), and the shared risk flags. Every search is recorded "
                "as a look-up of the child's flag (R-FLAG-4)."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
        SearchParam(
            name="patient",
            type=SearchParamType.REFERENCE,
            documentation=(
                "The child, by Patient reference (Patient/<id>, <id>, or the full URL), for "
                "staff who may see the child (the same rules as reading the Patient). Give "
                "this or patient:identifier, exactly once."
            ),
            definition="http://hl7.org/fhir/SearchParameter/clinical-patient",
        ),
        SearchParam(
            name="status",
            type=SearchParamType.TOKEN,
            documentation="active or inactive (any of, comma-separated).",
            definition="http://hl7.org/fhir/SearchParameter/Flag-status",
        ),
    ),
    documentation=(
        "Protection flags (SNOMED CT 342191000000101 child protection plan, 764841000000100 "
        "looked after child, 818901000000100 unborn child on a child protection plan) and "
        "shared risk flags. Councils' flag administrators create flags (POST) and end them "
        "(PUT). A created Flag names its subject by NHS number (the mother's, for an unborn "
        "child's plan) and must carry the subject's date of birth in the extension "
        f"{SUBJECT_BIRTH_DATE_EXTENSION} (valueDate): a flag is only applied when the NHS "
        "number and date of birth both match a known person. The expected date of delivery "
        f"of an unborn child goes in {EXPECTED_DELIVERY_DATE_EXTENSION}. The author is the "
        f"council, by ONS code ({ONS_AREA_CODE_SYSTEM}); the council's office-hours and "
        "out-of-hours telephone numbers are in the contained Organization's contact."
    ),
)

router = ResourceRouter(support)

NOT_YOURS = "No flag with this id is held by your council."
NO_FLAG = "No flag was found with this id."
