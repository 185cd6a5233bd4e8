"""Pages of looked-after children's health (issue 11)."""

from django.urls import URLPattern, URLResolver, path

from seenheard.lac_health import council_views, views

app_name = "lac_health"

urlpatterns: list[URLPattern | URLResolver] = [
    path("lac/", views.tracker, name="tracker"),
    path("lac/children/<id:child_id>/", views.record, name="record"),
    path(
        "lac/children/<id:child_id>/assessments/new/",
        views.assessment_new,
        name="assessment-new",
    ),
    path(
        "lac/assessments/<id:assessment_id>/engagement/",
        views.engagement_outcome,
        name="engagement-outcome",
    ),
    path("lac/children/<id:child_id>/plan/new/", views.plan_new, name="plan-new"),
    path("lac/plans/<id:plan_id>/review/", views.plan_review, name="plan-review"),
    path("lac/import/", council_views.import_files, name="import"),
    path("lac/episodes/new/", council_views.episode_new, name="episode-new"),
]
