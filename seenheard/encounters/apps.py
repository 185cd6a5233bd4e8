from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "seenheard.encounters"
    label = "encounters"
