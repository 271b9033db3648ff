from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "zhuanji.integrations"
    label = "integrations"
    verbose_name = "接口对接"
