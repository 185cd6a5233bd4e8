from django.urls import URLPattern, URLResolver

app_name = "lac_health"

urlpatterns: list[URLPattern | URLResolver] = []
