"""Reading a posted Encounter: each element checked, a malformed one refused naming it; the
request key and the Prefer header."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import parse_qsl

from django.http import HttpRequest

from seenheard.accounts.models import Organisation
from seenheard.encounters.errors import (
    PersonNotFound,
)
from seenheard.fhir.body import (
    JSON,
    datetime_element,
    echo,
    object_element,
    string_element,
)
from seenheard.fhir.errors import FhirError, invalid
from seenheard.fhir.mappers.encounter import (
    REGISTRATION_STATUSES,
)
from seenheard.fhir.routers.common import (
    database_id,
)
from seenheard.fhir.routers.encounter.refusals import refused
from seenheard.fhir.search import (
    token_parse,
)
from seenheard.fhir.systems import ODS_ORGANISATION_CODE_SYSTEM


def own_setting(resource: JSON, *, setting: Organisation) -> None:
    """The service provider must be the caller's own setting: attendances are registered by
    staff where the child is, never on another setting's behalf."""
    provider = object_element(
        resource, "serviceProvider", expression="Encounter.serviceProvider", required=True
    )
    assert provider is not None
    identifier = provider.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != ODS_ORGANISATION_CODE_SYSTEM:
        raise invalid(
            "Encounter.serviceProvider must name your setting by its ODS code: "
            f'{{"identifier": {{"system": "{ODS_ORGANISATION_CODE_SYSTEM}", '
            f'"value": "{setting.code}"}}}}.',
            expression=["Encounter.serviceProvider"],
        )
    code = string_element(
        identifier, "value", expression="Encounter.serviceProvider", required=True
    )
    if (code or "").upper() != setting.code.upper():
        raise FhirError(
            403,
            code="forbidden",
            diagnostics=(
                f"You can only register attendances at your own setting, {setting.name} "
                f"({setting.code}), not at {echo(code)}."
            ),
            expression=["Encounter.serviceProvider"],
        )


def requestkey_of(resource: JSON) -> str:
    """The client's own id for the attendance, as the key that makes a retry safe."""
    if "identifier" not in resource:
        return ""
    # FHIR JSON has no nulls and no empty arrays: an identifier that is null or [] is refused
    # like any other malformed one, as the OpenAPI schema says (array, at least one item).
    identifiers = resource["identifier"]
    first = identifiers[0] if isinstance(identifiers, list) and identifiers else None
    if not (
        isinstance(first, dict)
        and isinstance(first.get("system"), str)
        and isinstance(first.get("value"), str)
        and first["system"]
        and first["value"]
    ):
        raise invalid(
            'Encounter.identifier must be a list of {"system": ..., "value": ...}, the first '
            "being your system's id for this attendance.",
            expression=["Encounter.identifier"],
        )
    return key_of(first["system"], first["value"])


def key_of(system: str, value: str) -> str:
    return hashlib.sha256(f"{system}|{value}".encode()).hexdigest()


def patient_id_of(subject: JSON) -> int | None:
    """The id in a literal reference ``Patient/{id}``; None for any other form. An id that
    cannot name a record is answered as a child who cannot be found."""
    reference = subject.get("reference")
    if not isinstance(reference, str) or not reference.startswith("Patient/"):
        return None
    child_id = database_id(reference.removeprefix("Patient/"))
    if child_id is None:
        raise refused(PersonNotFound())
    return child_id


def started_at_of(resource: JSON) -> dt.datetime | None:
    period = object_element(resource, "period", expression="Encounter.period", required=False)
    if period is None or period.get("start") is None:
        return None
    return datetime_element(period["start"], expression="Encounter.period.start")


def status_of(resource: JSON) -> str:
    status = string_element(resource, "status", expression="Encounter.status", required=True)
    if status not in REGISTRATION_STATUSES:
        raise invalid(
            "Encounter.status must be arrived or in-progress when an attendance is "
            f"registered, not {echo(status)}.",
            expression=["Encounter.status"],
            code="value",
        )
    assert status is not None
    return status


#: ``Prefer: return=...`` (RFC 7240, FHIR R4 http.html#ops): what a create answers with.
PREFER_RETURN = ("minimal", "representation", "OperationOutcome")


def prefer_return(request: HttpRequest) -> str:
    """What the client asked create to answer with; ``representation`` unless it said."""
    for part in request.headers.get("Prefer", "").split(";"):
        for preference in part.split(","):
            name, _, value = preference.strip().partition("=")
            if name.strip().lower() == "return" and value.strip().strip('"') in PREFER_RETURN:
                return value.strip().strip('"')
    return "representation"


def conditional_key(request: HttpRequest, resource: JSON) -> str:
    """The request key, from ``If-None-Exist: identifier=<system>|<value>`` (conditional
    create, ADR 023) or else from the Encounter's own identifier. The header may name only an
    identifier, and must agree with the one in the body."""
    header = request.headers.get("If-None-Exist")
    body_key = requestkey_of(resource)
    if header is None:
        return body_key
    pairs = parse_qsl(header.strip().removeprefix("?"), keep_blank_values=True)
    token = token_parse(pairs[0][1]) if len(pairs) == 1 and pairs[0][0] == "identifier" else None
    if token is None or not token.system or not token.code:
        raise invalid(
            "Conditional create here supports only 'If-None-Exist: identifier=<system>|<value>', "
            "naming your system's id for this attendance.",
            expression=["If-None-Exist"],
            code="not-supported",
        )
    key = key_of(token.system, token.code)
    if body_key and body_key != key:
        raise invalid(
            "Encounter.identifier is not the identifier in If-None-Exist: send the same one in "
            "both, or leave one out.",
            expression=["Encounter.identifier"],
        )
    return key
