from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seenheard.accounts"
    label = "accounts"
