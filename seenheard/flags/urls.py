"""Council flag uploads in the browser (R-FLAG-2)."""

from django.urls import path

from seenheard.flags import risk_views, views
from seenheard.flags.inbox import views as inbox_views

app_name = "flags"

urlpatterns = [
    path("flags/uploads/", views.upload_list, name="upload-list"),
    path("flags/uploads/new/", views.upload_new, name="upload-new"),
    path("flags/uploads/<id:upload_id>/", views.upload_result, name="upload-result"),
    path(
        "flags/uploads/<id:upload_id>/rejections.csv",
        views.upload_rejections_csv,
        name="upload-rejections-csv",
    ),
    path(
        "flags/uploads/gaps/<id:first>-<id:last>/close/",
        views.upload_gap_close,
        name="upload-gap-close",
    ),
    # The council's inbox of attendances of children on its plans (R-FLAG-5).
    path("council/attendances/", inbox_views.council_attendances, name="council-attendances"),
    path(
        "council/attendances/<id:alert_id>/seen/",
        inbox_views.council_attendance_seen,
        name="council-attendance-seen",
    ),
    # Shared risk flags: missing, MARAC, FGM, CSE (R-FLAG-9).
    path("children/<id:child_id>/risk-flags/", risk_views.risk_flag_list, name="risk-list"),
    path("children/<id:child_id>/risk-flags/new/", risk_views.risk_flag_new, name="risk-new"),
    path("risk-flags/<id:flag_id>/review/", risk_views.risk_flag_review_page, name="risk-review"),
    path("risk-flags/<id:flag_id>/end/", risk_views.risk_flag_end_page, name="risk-end"),
]
