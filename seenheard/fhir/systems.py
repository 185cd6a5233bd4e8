"""Identifier systems, extension URLs and media types the API speaks.

One place, so that mappers, search parsing and the CapabilityStatement all agree.
"""

from __future__ import annotations

from seenheard.core.nhs import NHS_NUMBER_SYSTEM

__all__ = [
    "ATTENDANCE_FLAG_REASON_EXTENSION",
    "AUDIT_SUBTYPE_SYSTEM",
    "EXPECTED_DELIVERY_DATE_EXTENSION",
    "FHIR_JSON",
    "FHIR_VERSION",
    "NHS_NUMBER_SYSTEM",
    "ODS_ORGANISATION_CODE_SYSTEM",
    "ONS_AREA_CODE_SYSTEM",
    "RESPONSIBLE_LA_EXTENSION",
    "RISK_FLAG_CODE_SYSTEM",
    "ROLE_CODE_SYSTEM",
    "SNOMED_SYSTEM",
    "STAFF_USERNAME_SYSTEM",
    "SUBJECT_BIRTH_DATE_EXTENSION",
    "TASK_KIND_SYSTEM",
]

#: The FHIR JSON media type (every FHIR response carries it).
FHIR_JSON = "application/fhir+json"

#: What the CapabilityStatement claims. The models come from fhir.resources' R4B package (there
#: is no R4 4.0.1 package on pydantic 2), but every element this API emits exists unchanged in
#: R4 (Patient, Bundle, OperationOutcome and the CapabilityStatement elements used here), and the
#: base URL is /fhir/R4/, so R4 is what clients are promised.
FHIR_VERSION = "4.0.1"

#: NHS Organisation Data Service codes: trusts, settings and GP practices.
ODS_ORGANISATION_CODE_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"

#: Local authorities are known here by their ONS area code (E06/E08/E09/E10...), not an ODS code.
#: The ONS statistical-geography identifier space is the honest system for those codes.
ONS_AREA_CODE_SYSTEM = "http://statistics.data.gov.uk/id/statistical-geography"

#: The local authority responsible for the child. FHIR and UK Core have no element for it
#: (Patient.managingOrganization means the custodian of the record, which a council is not),
#: so it travels in this service's own extension. The URL is an identifier, not a web page.
RESPONSIBLE_LA_EXTENSION = (
    "https://seenheard.example/fhir/StructureDefinition/responsible-local-authority"
)

#: SNOMED CT: the protection-flag codes (issue 3 item 1).
SNOMED_SYSTEM = "http://snomed.info/sct"

#: A council sends a flag for a person it names by NHS number AND date of birth: the index only
#: applies a record when both match a known person (R-FLAG-2). FHIR's Flag has no element for the
#: subject's birth date, so it travels in this extension (valueDate) on the Flag itself.
SUBJECT_BIRTH_DATE_EXTENSION = (
    "https://seenheard.example/fhir/StructureDefinition/subject-birth-date"
)

#: An unborn child's plan (UCPP) records the expected date of delivery when known (R-FLAG-1).
EXPECTED_DELIVERY_DATE_EXTENSION = (
    "https://seenheard.example/fhir/StructureDefinition/expected-delivery-date"
)

#: Why an attendance itself was flagged (R-FLAG-8, e.g. a sexual-health attendance under 13).
ATTENDANCE_FLAG_REASON_EXTENSION = (
    "https://seenheard.example/fhir/StructureDefinition/attendance-flag-reason"
)

#: The shared risk flags (R-FLAG-9: missing, MARAC, FGM, CSE) have no national codes; these are
#: this service's own.
RISK_FLAG_CODE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/risk-flag"

#: Staff are named in audit events by their Seen and Heard username.
STAFF_USERNAME_SYSTEM = "https://seenheard.example/fhir/Id/username"

#: Kinds of task (the keys registered in tasks.kinds, R-REF-7).
TASK_KIND_SYSTEM = "https://seenheard.example/fhir/CodeSystem/task-kind"

#: Staff roles (accounts.models.Role values).
ROLE_CODE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/role"

#: What kind of access an AuditEvent records (``flag-lookup``: a look-up of a child's flags).
AUDIT_SUBTYPE_SYSTEM = "https://seenheard.example/fhir/CodeSystem/audit-subtype"
