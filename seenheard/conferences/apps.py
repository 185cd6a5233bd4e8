from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "seenheard.conferences"
    label = "conferences"
