from django.apps import AppConfig


class EarlyHelpConfig(AppConfig):
    name = "seenheard.early_help"
    label = "early_help"
