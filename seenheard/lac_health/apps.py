from django.apps import AppConfig


class LacHealthConfig(AppConfig):
    name = "seenheard.lac_health"
    label = "lac_health"
