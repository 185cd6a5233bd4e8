from django.apps import AppConfig


class EarlyHelpConfig(AppConfig):
    name = "seenheard.early_help"
    label = "early_help"

    def ready(self) -> None:
        from seenheard.early_help import handlers  # noqa: F401  (the review check's job)
        from seenheard.early_help.selectors import missed_review_href
        from seenheard.tasks.kinds import ClosedOnItsPage, task_kind_register

        # R-REF-6: a missed review becomes a task for the lead professional (ADR 028).
        task_kind_register(
            key="early-help-review-missed",
            label="Early help review missed",
            requirement="R-REF-6",
            due_days_key="early_help.missed_review_task_days",
            # Closed when the review is recorded (or the early help closed), not by hand (ADR 030).
            closed_on=ClosedOnItsPage(
                decision="the review",
                page="the child's early help record",
                href=missed_review_href,
            ),
        )
