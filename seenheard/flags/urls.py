"""Council flag uploads in the browser (R-FLAG-2)."""

from django.urls import path

from seenheard.flags import views

app_name = "flags"

urlpatterns = [
    path("flags/uploads/", views.upload_list, name="upload-list"),
    path("flags/uploads/new/", views.upload_new, name="upload-new"),
    path("flags/uploads/<int:upload_id>/", views.upload_result, name="upload-result"),
    path(
        "flags/uploads/<int:upload_id>/rejections.csv",
        views.upload_rejections_csv,
        name="upload-rejections-csv",
    ),
]
