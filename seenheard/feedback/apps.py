from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "seenheard.feedback"
    label = "feedback"

    def ready(self) -> None:
        from seenheard.tasks.kinds import task_kind_register

        # R-VOICE-2: "I feel unsafe" is a task for the lead professional, due the same day.
        task_kind_register(
            key="feedback-unsafe",
            label="A child said they feel unsafe",
            requirement="R-VOICE-2",
            urgent=True,
        )
