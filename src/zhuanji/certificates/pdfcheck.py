"""上传证书文件核验: is an uploaded PDF the certificate as issued, signed in full, and is that certificate current?

1. byte-identical: its SHA-256 is the `pdf_sha256` of an issued certificate (which a signed PDF statement binds);
2. otherwise, the bytes its PAdES signature covers (the signed revision) are looked up the same way: a file whose
   signed part is an issued certificate but which goes on past it was changed after signing by an incremental
   update — PDF readers still say "signature valid", only "not total document signed" (pdfsig);
3. the PAdES signature: intact, by a key chaining to the published root, whole-file coverage, and signed by the
   very key that signed that certificate's content;
4. the certificate itself, verified as on its QR page (`verification.verify`), with its current successor.

Only public keys are used. The upload is untrusted input: any parse failure reads as an unreadable file.
"""

import hashlib
import logging
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import keys
from .models import Certificate, IssuerKey
from .signing import _outside_event_loop, other_certs, trust_root
from .verification import Verification, verify

logger = logging.getLogger(__name__)
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class FileCheck:
    readable: bool = True
    identical: bool = False  # byte for byte the PDF the platform issued
    signed: bool = False  # carries a PDF signature
    signature_valid: bool = False  # intact, and the signer chains to the published root
    whole_file: bool = False  # the signature covers the entire file (no later incremental update)
    signer_matches: bool = False  # signed with the key that signed the certificate's content
    later_updates: int = 0  # incremental updates after the signed revision
    verification: Verification | None = None

    @property
    def genuine(self) -> bool:
        """The file is an issued certificate, unchanged, and that certificate reads 真实有效."""
        return (self.identical and self.whole_file and self.signature_valid and self.signer_matches
                and self.verification is not None and self.verification.state == "valid")

    @property
    def summary(self) -> str:
        if not self.readable:
            return "无法读取该文件，请上传平台签发的PDF证书文件"
        if self.verification is None:
            return "未找到与该文件对应的已签发证书，该文件不是本平台签发的证书"
        if not (self.identical and self.whole_file):
            return "该文件在签发后被改动（签名之后追加了未经签名的修改），与签发的证书文件不一致，请以下方核验结果为准"
        if not (self.signature_valid and self.signer_matches):
            return "该文件的电子签名无效"
        if self.verification.state != "valid":
            return f"该文件与签发的证书文件一致，但证书{self.verification.label}"
        return "该文件与签发的证书文件完全一致，签名覆盖全文，证书真实有效"


def _by_hash(data: bytes) -> Certificate | None:
    digest = hashlib.sha256(data).hexdigest()
    return Certificate.objects.select_related("successor").filter(pdf_sha256=digest).first()


def check_pdf(data: bytes) -> FileCheck:
    result = FileCheck()
    cert = _by_hash(data)
    result.identical = cert is not None
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # untrusted input: whatever the parser raises means "not a certificate"
        logger.info("uploaded PDF could not be parsed", exc_info=True)
        result.readable = cert is not None
        result.verification = verify(cert) if cert else None
        return result
    if signatures:
        result.signed = True
        signature = signatures[0]
        byte_range = list(signature.byte_range)
        if cert is None and len(byte_range) == 4:
            cert = _by_hash(data[:byte_range[2] + byte_range[3]])
        result.later_updates = max(reader.xrefs.total_revisions - 1 - signature.signed_revision, 0)
        try:
            context = ValidationContext(trust_roots=[trust_root()], other_certs=other_certs(), allow_fetching=False)
            status = _outside_event_loop(lambda: validate_pdf_signature(signature, context, skip_diff=True))
        except Exception:  # untrusted input, as above
            logger.info("uploaded PDF's signature could not be validated", exc_info=True)
        else:
            result.signature_valid = bool(status.intact and status.valid and status.trusted)
            result.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            if cert is not None:
                result.signer_matches = _signer_matches(status.signing_cert, cert)
    result.verification = verify(cert) if cert else None
    return result


def _signer_matches(signing_cert: asn1_x509.Certificate, cert: Certificate) -> bool:
    """The PDF was signed by a (not revoked) key of the certificate's issuer, certified by the platform CA."""
    for key in IssuerKey.objects.filter(organisation_id=cert.issuer_id).exclude(status=IssuerKey.Status.REVOKED):
        certificate = keys.load_certificate_pem(key.certificate)
        if (certificate is not None and certificate.fingerprint(hashes.SHA256()) == signing_cert.sha256
                and keys.is_issued_by_ca(certificate)
                and keys.certified_org(certificate) == keys.org_identifier(cert.issuer_id)):
            return True
    return False
