from django.urls import URLPattern, URLResolver, path

from seenheard.appointments import views

app_name = "appointments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("appointments/", views.clinic, name="clinic"),
    path("appointments/book/", views.book, name="book"),
    path("appointments/<id:appointment_id>/", views.appointment, name="appointment"),
    path("appointments/triage/<id:triage_id>/", views.triage, name="triage"),
]
