from django.urls import URLPattern, URLResolver

app_name = "early_help"

urlpatterns: list[URLPattern | URLResolver] = []
