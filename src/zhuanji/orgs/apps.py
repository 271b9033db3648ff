from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhuanji.orgs"
    label = "orgs"
