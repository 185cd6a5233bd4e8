"""EpisodeOfCare: a council's system records one child's SSDA903 episode (issue 11 item 1).

``POST /EpisodeOfCare``: the same checks as a row of the council's Header and Episodes tables
(``lac_health.services.episode_record``); only the council's flag administrators. 400 for a
malformed resource, 422 for a well-formed one that breaks a rule (an unknown NHS number, a
birth date that differs, an episode that overlaps another), 403 for a council not theirs; each
OperationOutcome names the element. Nothing is changed by a refused request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel, ConfigDict

from seenheard.access.roles import policy_for
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    JSON,
    echo,
    list_element,
    object_element,
    patient_nhs_number,
    resource_body,
    string_element,
)
from seenheard.fhir.errors import FhirError, invalid
from seenheard.fhir.mappers.episodeofcare import (
    PARTS,
    SSDA903_CHILD_SYSTEM,
    SSDA903_EXTENSION,
    episode_of_care,
)
from seenheard.fhir.registry import Interaction, ResourceRouter, ResourceSupport
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import AUTH_ERRORS, base_url, refusal_row
from seenheard.fhir.schemas import OperationOutcome
from seenheard.fhir.systems import FHIR_JSON, NHS_NUMBER_SYSTEM, ONS_AREA_CODE_SYSTEM
from seenheard.lac_health import errors
from seenheard.lac_health.models import Episode, EpisodeSource
from seenheard.lac_health.services import EpisodeInput, episode_record

support = ResourceSupport(
    type="EpisodeOfCare",
    interactions=(Interaction.CREATE,),
    documentation=(
        "A period in the care of a council: one SSDA903 episode. The DfE's codes travel in the "
        f"extension {SSDA903_EXTENSION}, its parts named by the DfE's columns; the council's "
        f"CHILD id is the identifier with system {SSDA903_CHILD_SYSTEM}."
    ),
)
router = ResourceRouter(support)

EXTENSION = f"EpisodeOfCare.extension('{SSDA903_EXTENSION}')"
#: Where each field of the service's input is in the resource.
ELEMENTS = {
    "child_ref": "EpisodeOfCare.identifier",
    "nhs_number": "EpisodeOfCare.patient",
    "decom": "EpisodeOfCare.period.start",
    "dec": "EpisodeOfCare.period.end",
}


class EpisodeOfCareSchema(BaseModel):
    model_config = ConfigDict(extra="allow")
    resourceType: Literal["EpisodeOfCare"]
    id: str
    status: str


EXAMPLE = {
    "resourceType": "EpisodeOfCare",
    "status": "active",
    "identifier": [{"system": SSDA903_CHILD_SYSTEM, "value": "A100"}],
    "patient": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000018"}},
    "managingOrganization": {"identifier": {"system": ONS_AREA_CODE_SYSTEM, "value": "E09000019"}},
    "period": {"start": "2024-05-06"},
    "extension": [
        {
            "url": SSDA903_EXTENSION,
            "extension": [
                {"url": "SEX", "valueCode": "F"},
                {"url": "DOB", "valueDate": "2014-03-02"},
                {"url": "ETHNIC", "valueCode": "WBRI"},
                {"url": "UASC", "valueBoolean": False},
                {"url": "RNE", "valueCode": "S"},
                {"url": "LS", "valueCode": "C2"},
                {"url": "CIN", "valueCode": "N1"},
                {"url": "PLACE", "valueCode": "U1"},
                {"url": "PLACE_PROVIDER", "valueCode": "PR1"},
            ],
        }
    ],
}


def _element_of(field: str) -> str:
    return ELEMENTS.get(field, f"{EXTENSION}.extension('{field.upper()}')")


def _rejected(exc: errors.LacRefused) -> FhirError:
    assert isinstance(exc, errors.EpisodeRejected)
    status = 422 if exc.field in ("nhs_number", "date_of_birth", "decom", "child_ref") else 400
    return FhirError(
        status,
        code="business-rule" if status == 422 else "value",
        diagnostics=exc.message,
        expression=(_element_of(exc.field),),
    )


def _forbidden(exc: errors.LacRefused) -> FhirError:
    return FhirError(
        403,
        code="forbidden",
        diagnostics=exc.message,
        expression=("EpisodeOfCare.managingOrganization",),
    )


def _not_found(exc: errors.LacRefused) -> FhirError:
    return FhirError(404, code="not-found", diagnostics=exc.message)


def _other(exc: errors.LacRefused) -> FhirError:
    return FhirError(422, code="business-rule", diagnostics=exc.message)


#: Every refusal of lac_health and the API's answer (ADR 025).
REFUSALS: dict[type[errors.LacRefused], Callable[[errors.LacRefused], FhirError]] = {
    errors.LacRefused: _other,
    errors.CouncilUnknown: _forbidden,
    errors.FilesRejected: _other,
    errors.EpisodeRejected: _rejected,
    errors.ChildNotFound: _not_found,
    errors.AssessmentRejected: _other,
    errors.PlanRejected: _other,
}


def refused(exc: errors.LacRefused) -> FhirError:
    """The OperationOutcome for a refusal of lac_health, from ``REFUSALS``."""
    return refusal_row(REFUSALS, exc)(exc)


def _parts(resource: JSON) -> dict[str, Any]:
    found = [
        e
        for e in list_element(resource, "extension", expression="EpisodeOfCare.extension")
        if isinstance(e, dict) and e.get("url") == SSDA903_EXTENSION
    ]
    if len(found) != 1:
        raise invalid(
            f"Send the SSDA903 details once, in the extension {SSDA903_EXTENSION}.",
            expression=[EXTENSION],
            code="required",
        )
    parts: dict[str, Any] = {}
    for part in list_element(found[0], "extension", expression=f"{EXTENSION}.extension"):
        name = part.get("url") if isinstance(part, dict) else None
        if name not in PARTS:
            raise invalid(
                f"{echo(name)} is not one of the SSDA903 columns {', '.join(PARTS)}.",
                expression=[f"{EXTENSION}.extension"],
            )
        value = part.get(PARTS[name])
        if value is None:
            raise invalid(
                f"The part {name} needs a {PARTS[name]}.",
                expression=[f"{EXTENSION}.extension('{name}')"],
            )
        parts[name] = value
    return parts


def _date(text: str | None, expression: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise invalid(
            f"{echo(text)} is not a date as YYYY-MM-DD.", expression=[expression], code="value"
        ) from None


def _identifier(resource: JSON) -> str:
    for ident in list_element(resource, "identifier", expression="EpisodeOfCare.identifier"):
        if isinstance(ident, dict) and ident.get("system") == SSDA903_CHILD_SYSTEM:
            value = string_element(
                ident, "value", expression="EpisodeOfCare.identifier", required=True
            )
            assert value is not None
            return value
    raise invalid(
        f"Give the council's CHILD id as an identifier with system {SSDA903_CHILD_SYSTEM}.",
        expression=["EpisodeOfCare.identifier"],
        code="required",
    )


def _council(resource: JSON) -> str:
    org = object_element(
        resource,
        "managingOrganization",
        expression="EpisodeOfCare.managingOrganization",
        required=True,
    )
    assert org is not None
    ident = org.get("identifier")
    if not isinstance(ident, dict) or ident.get("system") != ONS_AREA_CODE_SYSTEM:
        raise invalid(
            f"Name the council by its ONS code, with system {ONS_AREA_CODE_SYSTEM}.",
            expression=["EpisodeOfCare.managingOrganization"],
        )
    code = string_element(
        ident, "value", expression="EpisodeOfCare.managingOrganization", required=True
    )
    assert code is not None
    return code


def _input(resource: JSON) -> EpisodeInput:
    parts = _parts(resource)
    patient = object_element(resource, "patient", expression="EpisodeOfCare.patient", required=True)
    assert patient is not None
    period = object_element(resource, "period", expression="EpisodeOfCare.period", required=True)
    assert period is not None
    start = _date(
        string_element(period, "start", expression="EpisodeOfCare.period.start", required=True),
        "EpisodeOfCare.period.start",
    )
    assert start is not None
    born = _date(str(parts.get("DOB") or ""), f"{EXTENSION}.extension('DOB')")
    if born is None:
        raise invalid(
            "Give the child's date of birth (DOB).",
            expression=[f"{EXTENSION}.extension('DOB')"],
            code="required",
        )
    return EpisodeInput(
        child_ref=_identifier(resource),
        nhs_number=patient_nhs_number(patient, expression="EpisodeOfCare.patient"),
        sex=str(parts.get("SEX", "")),
        date_of_birth=born,
        ethnic=str(parts.get("ETHNIC", "")),
        uasc=parts.get("UASC") is True,
        decom=start,
        dec=_date(
            string_element(period, "end", expression="EpisodeOfCare.period.end", required=False),
            "EpisodeOfCare.period.end",
        ),
        **{
            name.lower(): str(parts.get(name, ""))
            for name in ("RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC")
        },
        **{
            name.lower(): str(parts.get(name, ""))
            for name in ("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")
        },
    )


def episode_json(episode: Episode) -> dict[str, Any]:
    lac = episode.lac_child
    parts: dict[str, Any] = {
        "SEX": lac.sex,
        "DOB": lac.date_of_birth.isoformat(),
        "ETHNIC": lac.ethnic,
        "UASC": lac.uasc,
        **{
            n.upper(): getattr(episode, n)
            for n in ("rne", "ls", "cin", "place", "place_provider", "rec")
        },
        **{
            n.upper(): getattr(episode, n)
            for n in ("reason_place_change", "home_post", "pl_post", "urn")
        },
    }
    return episode_of_care(
        episode_id=episode.pk,
        patient_id=lac.child_id,
        nhs_number=lac.child.nhs_number,
        la_code=lac.la.code,
        child_ref=lac.child_ref,
        period_start=episode.decom.isoformat(),
        period_end=episode.dec.isoformat() if episode.dec else None,
        parts=parts,
    )


@router.post(
    "",
    response={
        201: EpisodeOfCareSchema,
        400: OperationOutcome,
        403: OperationOutcome,
        413: OperationOutcome,
        415: OperationOutcome,
        422: OperationOutcome,
        **AUTH_ERRORS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One child's SSDA903 episode from the council's case system.",
            "content": {
                FHIR_JSON: {"schema": {"type": "object", "example": EXAMPLE}},
                "application/json": {"schema": {"type": "object", "example": EXAMPLE}},
            },
        }
    },
    operation_id="episodeOfCareCreate",
    summary="Record one child's episode of care from a council's system",
    description=(
        "For the council's flag administrators: the same checks as a row of the SSDA903 "
        "Header and Episodes tables. An episode beginning the same day is replaced; the "
        "child's other episodes stay. 201 with the EpisodeOfCare and a Location header."
    ),
)
def episode_of_care_create(request: HttpRequest) -> HttpResponse:
    actor = api_actor(request)
    if not policy_for(actor.role).manages_flags:
        raise FhirError(
            403, code="forbidden", diagnostics="Only a council's flag administrators can do this."
        )
    resource = resource_body(request, resource_type="EpisodeOfCare")
    data = _input(resource)
    try:
        episode = episode_record(
            actor=actor, la_code=_council(resource), data=data, source=EpisodeSource.API
        )
    except errors.LacRefused as exc:
        raise refused(exc) from None
    return fhir_response(
        episode_json(episode),
        status=201,
        headers={"Location": f"{base_url(request)}EpisodeOfCare/{episode.pk}"},
    )
