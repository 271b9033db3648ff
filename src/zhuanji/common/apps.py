from django.apps import AppConfig
from django.urls import register_converter


class CommonConfig(AppConfig):
    name = "zhuanji.common"
    label = "common"

    def ready(self):
        from . import security  # noqa: F401  (connects the login-time receiver)
        from .converters import IdConverter

        register_converter(IdConverter, "id")
