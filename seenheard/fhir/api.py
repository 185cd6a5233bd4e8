"""The FHIR R4 API (django-ninja). Routers are added per resource type."""

from ninja import NinjaAPI

api = NinjaAPI(title="Seen and Heard FHIR R4 API", version="R4", urls_namespace="fhir")
