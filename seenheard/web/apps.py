from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seenheard.web"
    label = "web"
