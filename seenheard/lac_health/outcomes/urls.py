"""Pages of outcomes over time (R-OUT-5)."""

from django.urls import URLPattern, URLResolver, path

from seenheard.lac_health.outcomes import views

app_name = "lac_outcomes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("lac/outcomes/", views.measures, name="measures"),
    path("lac/outcomes/cohort/", views.cohort, name="cohort"),
    path("lac/outcomes/measures/new/", views.measure_new, name="measure-new"),
    path("lac/outcomes/measures/<id:measure_id>/", views.measure, name="measure"),
    path("lac/outcomes/measures/<id:measure_id>/change/", views.measure_edit, name="measure-edit"),
    path("lac/children/<id:child_id>/outcomes/new/", views.value_new, name="value-new"),
]
