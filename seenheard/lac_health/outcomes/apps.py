from django.apps import AppConfig


class LacOutcomesConfig(AppConfig):
    """Outcomes over time (R-OUT-5, R-OUT-4): each area's own outcome measures, defined with
    children, recorded per child and seen over time per child and per cohort. Its own app
    inside ``lac_health`` so that its migrations are its own (as ``lac_returns``)."""

    name = "seenheard.lac_health.outcomes"
    label = "lac_outcomes"

    def ready(self) -> None:
        from seenheard.voice.kinds import record_kind_add

        record_kind_add("lac-outcome", "Outcomes of looked-after children")
