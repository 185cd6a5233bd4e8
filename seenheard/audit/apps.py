from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seenheard.audit"
    label = "audit"
