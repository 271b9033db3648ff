"""The headers every private file is served with, so that no upload is ever run as a page of this site."""

from django.http import FileResponse
from django.utils.http import content_disposition_header

from .content import INLINE_KINDS, KIND_OF_MIME

# Shown in the browser (images, PDFs): nothing in the response may load or run anything. (Chromium opens a PDF
# navigated to under this policy in its viewer, sandbox included; only a sandboxed *frame* would block it.)
INLINE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def private_file_response(fh, *, mime_type: str, filename: str, inline: bool | None = None) -> FileResponse:
    """Stream `fh` as `mime_type` (the type detected from the content, never guessed from a name).

    Images and PDFs open in the browser unless `inline=False`; everything else downloads. Never cached.
    """
    kind = KIND_OF_MIME.get(mime_type)
    if kind is None:  # not a type any upload rule knows: never let the browser render it
        mime_type = "application/octet-stream"
    if inline is None:
        inline = kind in INLINE_KINDS
    inline = inline and kind in INLINE_KINDS
    response = FileResponse(fh, content_type=mime_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if inline:
        response["Content-Security-Policy"] = INLINE_CSP
    return response
