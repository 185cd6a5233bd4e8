from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seenheard.screening"
    label = "screening"
