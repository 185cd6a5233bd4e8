from django.apps import AppConfig


class LacReturnsConfig(AppConfig):
    """The SSDA903 return (R-LEAD-6): its own app inside ``lac_health`` so that its
    migrations are its own (issue 11: the return is built beside periods of care)."""

    name = "seenheard.lac_health.returns"
    label = "lac_returns"
