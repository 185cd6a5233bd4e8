from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "seenheard.chronology"
    label = "chronology"

    def ready(self) -> None:
        # The events of the apps that were here first (attendances, protection and risk flags,
        # tasks); every other app registers its own provider in its own ready().
        from seenheard.chronology import providers  # noqa: F401
