from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "seenheard.jobs"
    label = "jobs"
