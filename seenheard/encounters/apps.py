from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "seenheard.encounters"
    label = "encounters"

    def ready(self) -> None:
        from seenheard.encounters.left_before_seen import LEFT_BEFORE_SEEN_TASK
        from seenheard.tasks.kinds import task_kind_register

        task_kind_register(
            key=LEFT_BEFORE_SEEN_TASK,
            label="Left A&E before being seen: follow up",
            requirement="R-WNB-4",
            due_days_key="attendance.left_before_seen_follow_up_days",
        )
