"""Identifier systems, extension URLs and media types the API speaks.

One place, so that mappers, search parsing and the CapabilityStatement all agree.
"""

from __future__ import annotations

from seenheard.core.nhs import NHS_NUMBER_SYSTEM

__all__ = [
    "FHIR_JSON",
    "FHIR_VERSION",
    "NHS_NUMBER_SYSTEM",
    "ODS_ORGANISATION_CODE_SYSTEM",
    "ONS_AREA_CODE_SYSTEM",
    "RESPONSIBLE_LA_EXTENSION",
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
