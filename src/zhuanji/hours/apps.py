from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "zhuanji.hours"
    label = "hours"
