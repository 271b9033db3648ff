from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zhuanji.catalog"
    label = "catalog"
