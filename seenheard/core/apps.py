from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seenheard.core"
    label = "core"
