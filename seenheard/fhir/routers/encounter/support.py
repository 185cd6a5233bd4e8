"""The Encounter resource's declaration (interactions, search parameters, operations) and its
router."""

from __future__ import annotations

from seenheard.fhir.registry import (
    Interaction,
    Operation,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"

support = ResourceSupport(
    type="Encounter",
    interactions=(Interaction.READ, Interaction.CREATE, Interaction.SEARCH_TYPE),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                "The child, by NHS number, as "
                f"{NHS_NUMBER_SYSTEM}|<10 digits>; or a pregnant woman by hers. Give this or "
                "patient, exactly once. Returns the attendances at every setting in the last "
                "12 months, newest first (R-FLAG-6), for staff who may see the child (or, for "
                "a woman, who may trace her)."
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
    ),
    documentation=(
        "Attendances at care settings. POST registers one at your own setting and answers "
        "with the Encounter (201, Location), or as 'Prefer: return=minimal' or "
        "'return=OperationOutcome' asks. Conditional create: 'If-None-Exist: "
        "identifier=<system>|<value>' matches the attendances you registered with that "
        "identifier (the same as sending it in Encounter.identifier); a match is answered "
        "with 200 and the attendance, and nothing new is registered. $register registers the "
        "same way and answers with what the registration page shows."
    ),
    operations=(
        Operation(
            name="discharge",
            documentation=(
                "POST Encounter/{id}/$discharge, with no body: discharge the child whose "
                "attendance at your own unscheduled-care setting this is (R-REF-4). For a child "
                "under 18 the A&E record (QuestionnaireResponse, written before) must be "
                "complete or say why it cannot be: otherwise 422 with one OperationOutcome "
                "issue per missing item, and nothing changes. Answers the Encounter finished."
            ),
        ),
        Operation(
            name="left-before-seen",
            documentation=(
                "POST Encounter/{id}/$left-before-seen, with no body: the child whose "
                "attendance at your own unscheduled-care setting this is left before being "
                "seen (R-WNB-4). The Encounter is answered finished, with "
                "hospitalization.dischargeDisposition coded as the Emergency Care Data Set's "
                "discharge status, SNOMED CT 1066301000000103 'Left care setting before initial "
                "assessment'; the child's GP practice and health visitor (under 5) or school "
                "nurse are each given a task. 404 for an attendance not registered at your "
                "setting, 422 for one at scheduled care, 409 when already recorded."
            ),
        ),
        Operation(
            name="register",
            documentation=(
                "POST Encounter/$register with the same Encounter as create: registers it and "
                "answers with a collection Bundle: the Encounter, the child's Flags, the other "
                "attendances in the last 12 months, and the recent look-ups of the flag "
                "(AuditEvents)."
            ),
        ),
    ),
    conditional_create=True,
)

router = ResourceRouter(support)

NO_CHILD = "No child was found with those details. Check the NHS number."
NOT_FOUND = "No attendance was found with this id."
