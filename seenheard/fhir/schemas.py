"""OpenAPI documentation of the FHIR JSON this API actually sends.

fhir.resources models give ninja only a bare ``{"type": "object"}`` in serialization mode (and
their validation-mode schema leaves nested elements untyped), so the schema would say nothing
useful. These pydantic models describe the elements the mappers emit; they are used only for
the OpenAPI document, never to build responses (the mappers build R4B models). The schemathesis
test checks real responses against them, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

_OPEN = ConfigDict(extra="allow")


class Identifier(BaseModel):
    model_config = _OPEN
    system: str
    value: str


class Reference(BaseModel):
    model_config = _OPEN
    type: str | None = None
    reference: str | None = None
    identifier: Identifier | None = None
    display: str | None = None


class Extension(BaseModel):
    model_config = _OPEN
    url: str
    valueReference: Reference | None = None


class Meta(BaseModel):
    model_config = _OPEN
    lastUpdated: str | None = Field(None, json_schema_extra={"format": "date-time"})


class HumanName(BaseModel):
    model_config = _OPEN
    use: str | None = None
    family: str | None = None
    given: list[str] | None = None


class Address(BaseModel):
    model_config = _OPEN
    postalCode: str | None = None


class Patient(BaseModel):
    """A child's demographic record."""

    model_config = _OPEN
    resourceType: Literal["Patient"]
    id: str
    meta: Meta | None = None
    extension: list[Extension] | None = Field(
        None, description="The responsible local authority (this service's own extension)."
    )
    identifier: list[Identifier] = Field(description="The NHS number.")
    name: list[HumanName]
    gender: Literal["female", "male", "other", "unknown"]
    birthDate: str = Field(json_schema_extra={"format": "date"})
    address: list[Address] | None = None
    generalPractitioner: list[Reference] | None = Field(
        None, description="The GP practice, by ODS code."
    )


class Coding(BaseModel):
    model_config = _OPEN
    system: str | None = None
    code: str | None = None
    display: str | None = None


class CodeableConcept(BaseModel):
    model_config = _OPEN
    coding: list[Coding] | None = None
    text: str | None = None


class Period(BaseModel):
    model_config = _OPEN
    start: str | None = None
    end: str | None = None


class Narrative(BaseModel):
    model_config = _OPEN
    status: str
    div: str = Field(description="XHTML: the flag as the registration banner says it.")


class ValueExtension(BaseModel):
    model_config = _OPEN
    url: str
    valueDate: str | None = Field(None, json_schema_extra={"format": "date"})
    valueString: str | None = None


class ContactPoint(BaseModel):
    model_config = _OPEN
    system: str | None = None
    value: str | None = None


class OrganizationContact(BaseModel):
    model_config = _OPEN
    purpose: CodeableConcept | None = Field(
        None, description="'Office hours' or 'Out of hours (emergency duty team)'."
    )
    telecom: list[ContactPoint] | None = None


class ContainedOrganization(BaseModel):
    """The council responsible for a flag, with both its telephone numbers (R-FLAG-3)."""

    model_config = _OPEN
    resourceType: Literal["Organization"]
    id: str
    identifier: list[Identifier] | None = None
    name: str | None = None
    contact: list[OrganizationContact] | None = None


class Flag(BaseModel):
    """A protection flag (SNOMED CT code) or a shared risk flag, as the banner shows it."""

    model_config = _OPEN
    resourceType: Literal["Flag"]
    id: str
    text: Narrative | None = None
    contained: list[ContainedOrganization] | None = None
    extension: list[ValueExtension] | None = Field(
        None,
        description="subject-birth-date (valueDate) and, for an unborn child's plan, "
        "expected-delivery-date (valueDate).",
    )
    status: Literal["active", "inactive"] = Field(
        description="active: an open plan; inactive: ended ('previously on a plan')."
    )
    category: list[CodeableConcept] | None = None
    code: CodeableConcept
    subject: Reference
    period: Period | None = None
    author: Reference | None = Field(None, description="The council (ONS code) or risk owner.")


class EncounterParticipant(BaseModel):
    model_config = _OPEN
    type: list[CodeableConcept] | None = None
    individual: Reference | None = None


class Encounter(BaseModel):
    """One attendance of a child at a setting."""

    model_config = _OPEN
    resourceType: Literal["Encounter"]
    id: str
    extension: list[ValueExtension] | None = Field(
        None, description="Why the attendance itself was flagged (attendance-flag-reason)."
    )
    status: Literal["arrived", "in-progress", "finished", "unknown"] = Field(
        description="What the registering system sent, kept as sent; 'unknown' for "
        "attendances registered before it was kept; 'finished' once the child was discharged "
        "or left before being seen."
    )
    class_: Coding = Field(alias="class", description="EMER for unscheduled care, else AMB.")
    serviceType: CodeableConcept | None = None
    subject: Reference
    participant: list[EncounterParticipant] | None = None
    period: Period
    serviceProvider: Reference = Field(description="The setting, by ODS code.")


class ServiceRequest(BaseModel):
    """A referral about a child, with the receiving team's decision once it is made."""

    model_config = _OPEN
    resourceType: Literal["ServiceRequest"]
    id: str
    status: str = Field(description="active until decided, then completed.")
    intent: Literal["order"]
    subject: Reference
    requester: Reference | None = None
    category: list[CodeableConcept] | None = Field(None, description="The service referred to.")
    performer: list[Reference] | None = Field(None, description="The receiving team.")
    reasonCode: list[CodeableConcept] | None = None
    extension: list[dict[str, Any]] | None = Field(
        None, description="The referral's parts and, once made, the referral-decision."
    )


class AuditEventAgent(BaseModel):
    model_config = _OPEN
    role: list[CodeableConcept] | None = None
    who: Reference | None = None
    requestor: bool


class AuditEventSource(BaseModel):
    model_config = _OPEN
    site: str | None = None
    observer: Reference


class AuditEventEntity(BaseModel):
    model_config = _OPEN
    what: Reference | None = None
    type: Coding | None = None
    role: Coding | None = None


class AuditEvent(BaseModel):
    """One look-up of a child's flag: who (and their role), their organisation, and when."""

    model_config = _OPEN
    resourceType: Literal["AuditEvent"]
    type: Coding
    subtype: list[Coding] | None = None
    action: str | None = None
    recorded: str = Field(json_schema_extra={"format": "date-time"})
    outcome: str | None = None
    agent: list[AuditEventAgent]
    source: AuditEventSource
    entity: list[AuditEventEntity] | None = None


class CollectionEntry(BaseModel):
    model_config = _OPEN
    fullUrl: str
    resource: Encounter | Flag | AuditEvent


class RegistrationBundle(BaseModel):
    """What registering an attendance shows at once (R-FLAG-3, R-FLAG-4, R-FLAG-6): the new
    Encounter first, then the child's Flags, the child's other attendances in the last 12
    months (Encounters), and the recent look-ups of the flag (AuditEvents)."""

    model_config = _OPEN
    resourceType: Literal["Bundle"]
    type: Literal["collection"]
    entry: list[CollectionEntry]


class OperationOutcomeIssue(BaseModel):
    model_config = _OPEN
    severity: Literal["fatal", "error", "warning", "information"]
    code: str = Field(description="FHIR IssueType: invalid, value, required, login, not-found ...")
    diagnostics: str | None = Field(None, description="What went wrong, in plain English.")
    expression: list[str] | None = Field(
        None, description="The element or search parameter at fault."
    )


class OperationOutcome(BaseModel):
    """Every error: the status code says what kind, the issue says why."""

    model_config = _OPEN
    resourceType: Literal["OperationOutcome"]
    issue: list[OperationOutcomeIssue]


class BundleLink(BaseModel):
    model_config = _OPEN
    relation: str
    url: str


class BundleEntrySearch(BaseModel):
    model_config = _OPEN
    mode: Literal["match", "include", "outcome"] | None = None


def searchset_schema(resource: type[BaseModel]) -> type[BaseModel]:
    """A searchset Bundle schema whose entries hold ``resource``."""
    name = resource.__name__
    entry_fields: dict[str, Any] = {
        "fullUrl": (str, ...),
        "resource": (resource, ...),
        "search": (BundleEntrySearch | None, None),
    }
    entry = create_model(f"{name}BundleEntry", __config__=_OPEN, **entry_fields)
    bundle_fields: dict[str, Any] = {
        "resourceType": (Literal["Bundle"], ...),
        "type": (Literal["searchset"], ...),
        "total": (int, ...),
        "link": (list[BundleLink] | None, None),
        "entry": (list[entry] | None, None),  # type: ignore[valid-type]
    }
    return create_model(
        f"{name}Searchset",
        __config__=_OPEN,
        __doc__=f"A searchset Bundle of {name} resources.",
        **bundle_fields,
    )


class CapabilitySearchParam(BaseModel):
    model_config = _OPEN
    name: str
    type: str
    documentation: str | None = None
    definition: str | None = None


class CapabilityInteraction(BaseModel):
    model_config = _OPEN
    code: str


class CapabilityResource(BaseModel):
    model_config = _OPEN
    type: str
    interaction: list[CapabilityInteraction] | None = None
    searchParam: list[CapabilitySearchParam] | None = None


class CapabilityRest(BaseModel):
    model_config = _OPEN
    mode: Literal["server", "client"]
    resource: list[CapabilityResource] | None = None


class CapabilityStatement(BaseModel):
    """What this server supports (generated from the mounted routers)."""

    model_config = _OPEN
    resourceType: Literal["CapabilityStatement"]
    status: str
    date: str
    kind: Literal["instance", "capability", "requirements"]
    fhirVersion: str
    format: list[str]
    rest: list[CapabilityRest]
