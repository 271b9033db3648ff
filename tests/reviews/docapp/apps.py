from django.apps import AppConfig


class DocappConfig(AppConfig):
    """A document type that exists only in tests, to prove the review engine on its own."""

    name = "tests.reviews.docapp"
    label = "reviews_docapp"
