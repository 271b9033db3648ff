"""The certificates app's files (collected by `zhuanji.attachments.registry`): a 补办 / 更正 application's
证明材料 and new photo open for whoever may open the application. Certificate PDFs are generated files with
their own download (`certificates:download`)."""

from zhuanji.attachments.registry import OwnerType
from zhuanji.attachments.sweep import StoredFiles

from .models import Certificate
from .selectors import request_visible

OWNERS = (OwnerType("certificates.CertificateRequest", visible=request_visible),)


def _held(field: str):
    return lambda names: set(Certificate.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True))


# The PDFs and printed photos written by issuing (a worker killed after writing may leave one behind).
STORED = (StoredFiles("certificates/pdf/", _held("pdf")), StoredFiles("certificates/photos/", _held("photo")))
