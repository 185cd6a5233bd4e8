from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "seenheard.appointments"
    label = "appointments"

    def ready(self) -> None:
        from seenheard.appointments.kinds import kinds_register

        kinds_register()
