from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seenheard.core"
    label = "core"

    def ready(self) -> None:
        # Before any URL pattern is read: every pattern takes record ids as <id:...> (ADR 019).
        from seenheard.core.ids import id_converter_register

        id_converter_register()
