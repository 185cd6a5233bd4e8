from django.apps import AppConfig


class LacHealthConfig(AppConfig):
    name = "seenheard.lac_health"
    label = "lac_health"

    def ready(self) -> None:
        from seenheard.lac_health.overdue import register_task_kinds

        register_task_kinds()
