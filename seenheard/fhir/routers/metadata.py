"""GET /metadata: the CapabilityStatement, generated from the routers that are mounted."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from django.http import HttpRequest, HttpResponse
from ninja import Router

from seenheard.core import clock
from seenheard.fhir.mappers.capability import capability_statement
from seenheard.fhir.registry import registry
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import base_url
from seenheard.fhir.schemas import CapabilityStatement

router = Router(tags=["metadata"])


def _software_version() -> str:
    try:
        return version("seenheard")
    except PackageNotFoundError:  # running from a checkout without installing
        return "development"


@router.get(
    "/metadata",
    auth=None,
    response={200: CapabilityStatement},
    operation_id="capabilities",
    summary="What this server supports",
    description="No token needed: a CapabilityStatement listing resources and search parameters.",
)
def metadata(request: HttpRequest) -> HttpResponse:
    statement = capability_statement(
        resources=registry.all(),
        base_url=base_url(request),
        date=clock.today(),
        software_version=_software_version(),
    )
    return fhir_response(statement)
