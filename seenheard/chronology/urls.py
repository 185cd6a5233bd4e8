"""The child's multi-agency chronology (issue 9 item 10)."""

from django.urls import path

from seenheard.chronology import views

app_name = "chronology"

urlpatterns = [
    path("children/<id:child_id>/chronology/", views.chronology, name="child"),
]
