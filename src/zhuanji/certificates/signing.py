"""The signatures on a certificate, all made with the issuing organisation's key (`keys.org_key`).

- content: ECDSA P-256/SHA-256 and SM2/SM3 (商用密码) over the canonical JSON of the printed fields, stored on
  the row; verification recomputes the JSON from the row, so an edited field fails both.
- statements (`statements.py`): the QR token, the PDF's hash and voiding, signed the same way (ECDSA).
- the PDF: a PAdES signature (pyHanko), so every PDF reader reports the file signed and intact.

Signing needs the private key; verifying needs only public certificates (`keys.ca_certificate` and the
`IssuerKey` rows) — see `verification.py`.
"""

import asyncio
import base64
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

from zhuanji.audit.chain import canonical_json, sha256_hex

from . import keys, sm2

# The printed fields that the content signatures cover, in a fixed order.
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
    return canonical_json(data).encode()


def content_digest(certificate) -> str:
    """SHA-256 of the canonical content: what the ISSUED statement binds the QR token to."""
    return sha256_hex(canonical_content(certificate))


def ecdsa_sign(data: bytes, signing_key: keys.SigningKey) -> str:
    return base64.b64encode(signing_key.private_key.sign(data, ec.ECDSA(hashes.SHA256()))).decode()


def ecdsa_verify(data: bytes, signature: str, certificate) -> bool:
    try:
        certificate.public_key().verify(base64.b64decode(signature, validate=True), data,
                                        ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def content_sign(certificate, signing_key: keys.SigningKey) -> str:
    """The ECDSA content signature (base64), stored as `Certificate.signature`."""
    return ecdsa_sign(canonical_content(certificate), signing_key)


def content_sign_sm2(certificate, signing_key: keys.SigningKey) -> str:
    """The SM2/SM3 content signature (hex r||s), stored as `Certificate.sm2_signature`."""
    return sm2.sign(canonical_content(certificate), private_hex=signing_key.sm2_private,
                    public_hex=signing_key.sm2_public)


def content_verify(certificate) -> bool:
    """True when the row's printed fields match both content signatures under a key of its issuer."""
    from .verification import verify_content

    return verify_content(certificate)


def _asn1_cert(certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def pdf_sign(pdf: bytes, signing_key: keys.SigningKey, *, reason: str, field_spec: fields.SigFieldSpec | None = None,
             stamp_style=None, signer_name: str = "") -> bytes:
    """Add a PAdES signature over the whole PDF (an incremental update, as PDF readers expect).

    `field_spec` (a `SigFieldSpec` named "Signature" with a box) makes the signature visible, drawn with
    `stamp_style` (e.g. a `StaticStampStyle` of the issuer's seal); without it the signature is invisible.
    The CA chain is embedded, so a reader that trusts the published root trusts the signer."""
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(signing_key.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(signing_key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in keys.trust_chain()]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", reason=reason,
        name=signer_name or None,
    )
    pdf_signer = signers.PdfSigner(meta, signer, new_field_spec=field_spec, stamp_style=stamp_style)
    # Reserving the signature's size spares pyHanko measuring it with a dry-run signature: one signing, not two.
    reserved = reserved_size(signing_key.certificate, *keys.trust_chain())
    return _outside_event_loop(lambda: pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)),
                                                           bytes_reserved=reserved).getvalue())


def reserved_size(*certificates) -> int:
    """Hex digits to reserve in the PDF for the CMS signature: the certificates it carries plus 2.5 KiB for the
    signed attributes, the ECDSA value and the CMS structure (about 1.5 KiB used, so a 40 % margin)."""
    return 2 * (sum(len(c.public_bytes(serialization.Encoding.DER)) for c in certificates) + 2560)


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
    """The published root as pyHanko's validators want it (for verifying a certificate PDF)."""
    return _asn1_cert(keys.published_root())


def other_certs():
    """The CA certificates between the published root and an issuer key (for pyHanko's validators)."""
    return [_asn1_cert(c) for c in keys.trust_chain()[:-1]]
