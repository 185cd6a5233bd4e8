from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seenheard.demo"
    label = "demo"
