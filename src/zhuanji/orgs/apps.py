from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhuanji.orgs"
    label = "orgs"

    def ready(self):
        from .registry import collect

        # Every app is loaded now, so each one's permissions.py can be read.
        collect()
