from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "seenheard.feedback"
    label = "feedback"
