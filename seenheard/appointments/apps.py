from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "seenheard.appointments"
    label = "appointments"
