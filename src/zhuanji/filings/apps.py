from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "zhuanji.filings"
    label = "filings"
    verbose_name = "评审工作事前备案"

    def ready(self):
        from .routes import register_routes

        register_routes()
