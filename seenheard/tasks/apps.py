from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "seenheard.tasks"
    label = "tasks"
