from django.urls import path

from seenheard.fhir.api import api

urlpatterns = [path("", api.urls)]
