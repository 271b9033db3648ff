from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zhuanji.common"
    label = "common"
