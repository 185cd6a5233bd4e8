from django.urls import include, path

urlpatterns = [
    path("fhir/R4/", include("seenheard.fhir.urls")),
    path("", include("seenheard.encounters.urls")),
    path("", include("seenheard.tasks.urls")),
    path("", include("seenheard.flags.urls")),
    path("", include("seenheard.web.urls")),
]
