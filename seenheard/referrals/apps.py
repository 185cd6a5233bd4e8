from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "seenheard.referrals"
    label = "referrals"
