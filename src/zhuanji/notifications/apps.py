from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhuanji.notifications"
    label = "notifications"
    verbose_name = "消息"

    def ready(self):
        from . import subscribers

        subscribers.subscribe_all()
