from django.urls import URLPattern, URLResolver, path

from seenheard.early_help import views

app_name = "early_help"

urlpatterns: list[URLPattern | URLResolver] = [
    path("early-help/", views.early_help_list, name="list"),
    path("early-help/<id:early_help_id>/", views.early_help_detail, name="detail"),
    path("children/<id:child_id>/early-help/new/", views.early_help_new, name="new"),
]
