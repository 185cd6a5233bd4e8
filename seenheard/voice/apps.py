from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "seenheard.voice"
    label = "voice"
