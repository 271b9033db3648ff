"""The certificates app's files (collected by `zhuanji.attachments.registry`): a 补办 / 更正 application's
证明材料 and new photo open for whoever may open the application. Certificate PDFs are generated files with
their own download (`certificates:download`)."""

from zhuanji.attachments.registry import OwnerType

from .selectors import request_visible

OWNERS = (OwnerType("certificates.CertificateRequest", visible=request_visible),)
