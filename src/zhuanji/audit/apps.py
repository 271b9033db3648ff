from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhuanji.audit"
    label = "audit"
