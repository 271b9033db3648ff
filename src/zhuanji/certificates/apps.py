from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhuanji.certificates"
    label = "certificates"
