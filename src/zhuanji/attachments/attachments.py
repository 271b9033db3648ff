"""This app's own stored files, for the orphan sweep."""

from .models import Attachment
from .sweep import StoredFiles

STORED = (StoredFiles("attachments/", lambda names: set(
    Attachment.objects.filter(stored_name__in=names).values_list("stored_name", flat=True))),)
