from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhuanji.certificates"
    label = "certificates"
    verbose_name = "电子证书"

    def ready(self):
        from . import routes  # noqa: F401  (registers the 补办 and 更正 review routes)
