from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "seenheard.referrals"
    label = "referrals"

    def ready(self) -> None:
        # The worker's handler for decisions falling due, and the task kind it makes.
        from seenheard.referrals import escalation

        escalation.register_task_kind()
        # Issue 9 item 10: referrals and their decisions in the child's chronology.
        from seenheard.chronology.registry import chronology_provider_register
        from seenheard.referrals.chronology import referral_events

        chronology_provider_register("referrals", referral_events)
