"""Two signatures per certificate, both with the issuing organisation's key.

- the content signature: ECDSA-SHA256 over the canonical JSON of the printed fields, stored on the
  row with its key id; `content_verify` recomputes the JSON from the row, so an edited field fails.
- the PDF signature: PAdES (pyHanko), so standard PDF tools report the file signed and intact.
"""

import asyncio
import base64
import json
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import keys

# The printed fields that the content signature covers, in a fixed order.
SIGNED_FIELDS = (
    "number", "kind", "name", "gender", "ethnicity", "birth_date", "id_number", "photo_sha256", "issuer_id",
    "issuer_name", "series", "specialty", "qualification", "level", "qualification_path", "year", "filled_year",
    "hours", "approval_document", "issued_on",
)


def canonical_content(certificate) -> bytes:
    data = {}
    for name in SIGNED_FIELDS:
        value = getattr(certificate, name)
        # Decimals read back from the database carry the column's places; fix them so both sides agree.
        data[name] = None if value is None else f"{value:.1f}" if isinstance(value, Decimal) else str(value)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_sign(certificate, signing_key: keys.SigningKey) -> str:
    signature = signing_key.private_key.sign(canonical_content(certificate), ec.ECDSA(hashes.SHA256()))
    return base64.b64encode(signature).decode()


def content_verify(certificate) -> bool:
    """True when the row's printed fields still match its signature under a platform-issued key."""
    try:
        signer_cert = keys.load_certificate(certificate.key_id)
        signature = base64.b64decode(certificate.signature, validate=True)
    except (FileNotFoundError, ValueError):
        return False
    if not keys.is_issued_by_platform(signer_cert):
        return False
    try:
        signer_cert.public_key().verify(signature, canonical_content(certificate), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def _asn1_cert(certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def pdf_sign(pdf: bytes, signing_key: keys.SigningKey, *, reason: str) -> bytes:
    """Add a PAdES signature over the whole PDF (an incremental update, as PDF readers expect)."""
    ca = keys.platform_ca()
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(signing_key.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(signing_key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(ca.certificate)]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", reason=reason,
    )
    return _outside_event_loop(
        lambda: signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer).getvalue())


def _outside_event_loop(fn):
    """pyHanko's sync API calls asyncio.run(), which fails in a thread already running a loop (ASGI, or
    an async caller); run it on a worker thread there."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def trust_root():
    """The platform CA as pyHanko's validators want it (for verifying a certificate PDF)."""
    return _asn1_cert(keys.platform_ca().certificate)
