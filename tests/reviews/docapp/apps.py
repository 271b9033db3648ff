from django.apps import AppConfig


class DocappConfig(AppConfig):
    """A document type that exists only in tests, to prove the review engine on its own."""

    name = "tests.reviews.docapp"
    label = "reviews_docapp"

    def ready(self):
        from . import routes  # noqa: F401  (registers the memo route)
