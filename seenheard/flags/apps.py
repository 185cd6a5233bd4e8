from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "seenheard.flags"
    label = "flags"
