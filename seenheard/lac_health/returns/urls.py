from django.urls import URLPattern, URLResolver, path

from seenheard.lac_health.returns import facts_views, views

app_name = "lac_returns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("council/returns/ssda903/", views.ssda903_download, name="ssda903"),
    path(
        "children/<id:child_id>/health-return/",
        facts_views.health_return_facts,
        name="health-return-facts",
    ),
]
