from django.urls import path

from seenheard.encounters import views

app_name = "encounters"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/attend/", views.attend, name="attend"),
    path("council/attendances/", views.council_attendances, name="council-attendances"),
    path(
        "council/attendances/<id:alert_id>/seen/",
        views.council_attendance_seen,
        name="council-attendance-seen",
    ),
    path("flags/<id:child_id>/views/", views.flag_views, name="flag-views"),
    path("flags/mothers/<id:mother_id>/views/", views.mother_flag_views, name="mother-flag-views"),
]
