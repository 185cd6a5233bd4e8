from django.urls import URLPattern, URLResolver, path

from seenheard.appointments import meeting_views, views

app_name = "appointments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("appointments/", views.clinic, name="clinic"),
    path("appointments/book/", views.book, name="book"),
    path("appointments/<id:appointment_id>/", views.appointment, name="appointment"),
    path("appointments/triage/<id:triage_id>/", views.triage, name="triage"),
    path("appointments/meeting/", meeting_views.this_week, name="meeting-now"),
    path("appointments/meeting/<str:week>/", meeting_views.meeting, name="meeting"),
    path(
        "appointments/meeting/<str:week>/<id:child_id>/",
        meeting_views.decide,
        name="meeting-decide",
    ),
    path("appointments/meeting/<str:week>/agenda.csv", meeting_views.agenda_csv, name="agenda-csv"),
    path(
        "appointments/meeting/<str:week>/minutes.pdf", meeting_views.minutes_pdf, name="minutes-pdf"
    ),
    path("appointments/figures/", meeting_views.figures, name="figures"),
]
