from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "seenheard.encounters"
    label = "encounters"

    def ready(self) -> None:
        from seenheard.chronology.registry import chronology_provider_register
        from seenheard.encounters.left_before_seen import LEFT_BEFORE_SEEN_TASK
        from seenheard.encounters.record.chronology import attendance_record_events
        from seenheard.encounters.record.figures import ae_record_figures
        from seenheard.encounters.rules import FREQUENT_REVIEW_REQUIREMENT
        from seenheard.figures.registry import figures_section_register
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
        # R-REF-4: closed A&E records of a child in the multi-agency chronology.
        chronology_provider_register("ae-records", attendance_record_events)
        figures_section_register("ae-records", ae_record_figures)
