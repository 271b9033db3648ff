from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhuanji.accounts"
    label = "accounts"

    def ready(self):
        from .routes import register_route

        register_route()
