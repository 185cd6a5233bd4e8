from django.urls import URLPattern, URLResolver, path

from seenheard.lac_health.returns import views

app_name = "lac_returns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("council/returns/ssda903/", views.ssda903_download, name="ssda903"),
]
