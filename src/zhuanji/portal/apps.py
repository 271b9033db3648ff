from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhuanji.portal"
    label = "portal"
