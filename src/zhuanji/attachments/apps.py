from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "zhuanji.attachments"
    label = "attachments"
    verbose_name = "附件"
