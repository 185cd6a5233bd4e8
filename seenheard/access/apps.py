from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "seenheard.access"
    label = "access"
