from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "seenheard.encounters"
    label = "encounters"

    def ready(self) -> None:
        from seenheard.encounters.left_before_seen import LEFT_BEFORE_SEEN_TASK
        from seenheard.encounters.rules import FREQUENT_REVIEW_REQUIREMENT
        from seenheard.tasks.kinds import TaskKind, task_kind_register

        # The reviews encounters.followups raises (the kinds' names stay in tasks.kinds).
        task_kind_register(
            key=TaskKind.FREQUENT_ATTENDANCE_REVIEW.value,
            label=TaskKind.FREQUENT_ATTENDANCE_REVIEW.label,
            requirement=FREQUENT_REVIEW_REQUIREMENT,
        )
        task_kind_register(
            key=TaskKind.SEXUAL_HEALTH_SAFEGUARDING.value,
            label=TaskKind.SEXUAL_HEALTH_SAFEGUARDING.label,
            requirement="R-FLAG-8",
        )

        task_kind_register(
            key=LEFT_BEFORE_SEEN_TASK,
            label="Left A&E before being seen: follow up",
            requirement="R-WNB-4",
            due_days_key="attendance.left_before_seen_follow_up_days",
        )
