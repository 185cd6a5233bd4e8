"""Child protection conferences in the browser (R-REF-5)."""

from django.urls import URLPattern, URLResolver, path

from seenheard.conferences import views

app_name = "conferences"

urlpatterns: list[URLPattern | URLResolver] = [
    path("conferences/", views.conference_list, name="list"),
    path("conferences/figures/", views.figures, name="figures"),
    path("conferences/invitations/", views.invitation_list, name="invitations"),
    path("conferences/invitations/<id:invitation_id>/", views.invitation_detail, name="invitation"),
    path("conferences/invitations/<id:invitation_id>/report/", views.gp_report_new, name="report"),
    path("conferences/<id:conference_id>/", views.conference_detail, name="detail"),
    path(
        "conferences/<id:conference_id>/attendance/",
        views.conference_attendance,
        name="attendance",
    ),
    path("children/<id:child_id>/conferences/new/", views.conference_new, name="new"),
]
