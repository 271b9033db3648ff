"""The filings app's files (collected by `zhuanji.attachments.registry`): a filing's PDFs open for whoever may open
the filing (its committee, the title office it reached)."""

from zhuanji.attachments.registry import OwnerType
from zhuanji.reviews.access import visible_q

from .models import Filing


def _visible(acting, filing: Filing) -> bool:
    return Filing.objects.filter(visible_q(acting, prefix="case__"), pk=filing.pk).exists()


OWNERS = (OwnerType("filings.Filing", visible=_visible),)
