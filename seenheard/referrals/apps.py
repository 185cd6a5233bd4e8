from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "seenheard.referrals"
    label = "referrals"

    def ready(self) -> None:
        # The worker's handler for decisions falling due, and the task kind it makes.
        from seenheard.referrals import escalation

        escalation.register_task_kind()
