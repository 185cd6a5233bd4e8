from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "seenheard.fhir"
    label = "fhir"
