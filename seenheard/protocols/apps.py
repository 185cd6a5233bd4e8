from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "seenheard.protocols"
    label = "protocols"
