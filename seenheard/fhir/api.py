"""The FHIR R4 API (django-ninja), mounted at /fhir/R4/ by seenheard.fhir.urls.

To add a resource type (issue 3: Flag, Encounter, AuditEvent):

1. write ``mappers/<type>.py`` (pure functions to an R4B model, golden-JSON tested);
2. write ``routers/<type>.py`` with ``router = ResourceRouter(ResourceSupport(...))`` declaring
   its interactions and search parameters, and handlers that call selectors with
   ``api_actor(request)``, raise ``FhirError`` (or ``invalid``/``not_found``) for errors, and
   return ``fhir_response(resource)``;
3. add one line below: ``add_resource_router(api, <type>.router)``.

The CapabilityStatement then lists it, and test_capability checks the declaration against the
routes served.
"""

from __future__ import annotations

from ninja import NinjaAPI

from seenheard.fhir.auth import BearerToken
from seenheard.fhir.docs import LocalSwagger
from seenheard.fhir.errors import install_error_handlers
from seenheard.fhir.registry import ResourceRouter, registry
from seenheard.fhir.responses import FhirJSONRenderer
from seenheard.fhir.routers import (
    appointment,
    auditevent,
    encounter,
    episodeofcare,
    flag,
    metadata,
    observation,
    patient,
    questionnaireresponse,
    servicerequest,
    task,
)


def add_resource_router(api: NinjaAPI, router: ResourceRouter) -> None:
    """Mount a resource router at /<Type> and list it in the CapabilityStatement."""
    registry.add(router.support)
    api.add_router(f"/{router.support.type}", router)


api = NinjaAPI(
    title="Seen and Heard FHIR R4 API",
    version="R4",
    description=(
        "FHIR R4 (JSON) for children's records. Errors are OperationOutcome resources. "
        "Authenticate with 'Authorization: Bearer <token>' (seenheard token create)."
    ),
    urls_namespace="fhir",
    auth=BearerToken(),
    renderer=FhirJSONRenderer(),
    docs=LocalSwagger(),
)
install_error_handlers(api)

api.add_router("", metadata.router)
add_resource_router(api, patient.router)
add_resource_router(api, flag.router)
add_resource_router(api, encounter.router)
add_resource_router(api, auditevent.router)
add_resource_router(api, task.router)
add_resource_router(api, servicerequest.router)
add_resource_router(api, appointment.router)
add_resource_router(api, episodeofcare.router)
add_resource_router(api, observation.router)
add_resource_router(api, questionnaireresponse.router)
