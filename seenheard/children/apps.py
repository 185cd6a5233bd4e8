from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "seenheard.children"
    label = "children"
