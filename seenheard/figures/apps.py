from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "seenheard.figures"
    label = "figures"

    def ready(self) -> None:
        # The figures of the apps that were here first; every other app registers its own
        # section in its own ready().
        from seenheard.figures import sections  # noqa: F401
