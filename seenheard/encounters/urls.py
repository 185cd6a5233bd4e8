from django.urls import path

from seenheard.encounters import views
from seenheard.encounters.record import views as record_views

app_name = "encounters"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/attend/", views.attend, name="attend"),
    path(
        "register/attendances/<id:encounter_id>/left-before-seen/",
        views.left_before_seen,
        name="left-before-seen",
    ),
    path(
        "attendances/<id:encounter_id>/record/",
        record_views.attendance_record,
        name="attendance-record",
    ),
    path("flags/<id:child_id>/views/", views.flag_views, name="flag-views"),
    path("flags/mothers/<id:mother_id>/views/", views.mother_flag_views, name="mother-flag-views"),
]
