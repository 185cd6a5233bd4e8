from django.urls import include, path

urlpatterns = [
    path("fhir/R4/", include("seenheard.fhir.urls")),
    path("", include("seenheard.encounters.urls")),
    path("", include("seenheard.tasks.urls")),
    path("", include("seenheard.flags.urls")),
    path("", include("seenheard.voice.urls")),
    path("", include("seenheard.feedback.urls")),
    path("", include("seenheard.referrals.urls")),
    path("", include("seenheard.conferences.urls")),
    path("", include("seenheard.early_help.urls")),
    path("", include("seenheard.appointments.urls")),
    path("", include("seenheard.screening.urls")),
    path("", include("seenheard.lac_health.urls")),
    path("", include("seenheard.lac_health.returns.urls")),
    path("", include("seenheard.lac_health.outcomes.urls")),
    path("", include("seenheard.protocols.urls")),
    path("", include("seenheard.chronology.urls")),
    path("", include("seenheard.figures.urls")),
    path("", include("seenheard.web.urls")),
]

# Every unknown address gets the same "Page not found" as a child one may not see (R-FLAG-10).
handler404 = "seenheard.web.views.errors.page_not_found"
