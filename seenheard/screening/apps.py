from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seenheard.screening"
    label = "screening"

    def ready(self) -> None:
        from seenheard.screening.selectors import sdq_review_href
        from seenheard.tasks.kinds import ClosedOnItsPage, task_kind_register

        # R-OUT-4: a high SDQ total stays on the team's worklist until the child is seen.
        task_kind_register(
            key="sdq-specialist-review",
            label="SDQ: review by a mental-health specialist",
            requirement="R-OUT-4",
            due_days_key="sdq.review_due_days",
            # Closed only when the child is recorded as seen, on the review's page (ADR 030).
            closed_on=ClosedOnItsPage(
                decision="that the child has been seen by a specialist",
                page="the specialist review page",
                href=sdq_review_href,
            ),
        )
