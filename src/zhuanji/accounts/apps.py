from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhuanji.accounts"
    label = "accounts"
