from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "seenheard.tasks"
    label = "tasks"

    def ready(self) -> None:
        # The escalation job's handler, registered wherever jobs run (worker, tests, commands).
        from seenheard.tasks import handlers  # noqa: F401
