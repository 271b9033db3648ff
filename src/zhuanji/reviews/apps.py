from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "zhuanji.reviews"
    label = "reviews"
