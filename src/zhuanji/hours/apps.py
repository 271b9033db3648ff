from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "zhuanji.hours"
    label = "hours"
    verbose_name = "专业课学时认定"

    def ready(self):
        from .routes import register_route

        register_route()
