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
