"""The test-only filing's files (collected by `zhuanji.attachments.registry`), proving the attachments module
without any business module: a filing's files open for whoever may open the filing (the engine's scope rule)."""

from django.db.models import Q

from zhuanji.attachments.registry import OwnerType
from zhuanji.reviews.access import visible_q

from .models import FilingDocument


def filing_visible(acting, filing: FilingDocument) -> bool:
    return FilingDocument.objects.filter(visible_q(acting, prefix="case__") & Q(pk=filing.pk)).exists()


OWNERS = (OwnerType("reviews_docapp.FilingDocument", visible=filing_visible),)
