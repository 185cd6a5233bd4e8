from django.urls import include, path

urlpatterns = [
    path("fhir/R4/", include("seenheard.fhir.urls")),
    path("", include("seenheard.encounters.urls")),
    path("", include("seenheard.tasks.urls")),
    path("", include("seenheard.flags.urls")),
    path("", include("seenheard.web.urls")),
]

# Every unknown address gets the same "Page not found" as a child one may not see (R-FLAG-10).
handler404 = "seenheard.web.views.errors.page_not_found"
