"""Issuing, replacing and revoking certificates: the one way any module creates a certificate.

The issuing transaction (often a final approval's) writes the row with its number and content signature and
nothing slower: the PDF is rendered and PAdES-signed by the worker after commit (`pdfs.py`).
"""

import hashlib
import secrets
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from zhuanji.attachments.selectors import attachment_read
from zhuanji.attachments.storage import private_storage
from zhuanji.audit.services import SYSTEM, record
from zhuanji.common.files import detect_kind
from zhuanji.common.numbering import next_number
from zhuanji.orgs.access import require_perm

from .. import keys, signing, statements
from ..models import NUMBER_PREFIXES, Certificate, CertificateKind
from .pdfs import pdf_queue

# The kind-specific printed fields a caller may pass to `certificate_issue`.
PRINTED_FIELDS = ("series", "specialty", "qualification", "level", "qualification_path", "hours", "filled_year",
                  "approval_document")
# A second valid certificate for one source, or one holder, qualification and 批文号 (the model's constraints).
DUPLICATE = "已有相同的有效证书（同一业务，或同一持证人、资格与批文号），不能重复发证"
# The holder fields copied from the person's profile at issue time.
PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number")
# What a replacement copies from the certificate it replaces (the holder snapshot plus the printed fields).
COPIED_FIELDS = PERSON_FIELDS + PRINTED_FIELDS + ("year",)


def verify_url(token: str) -> str:
    return settings.PUBLIC_BASE_URL + reverse("certificates:verify_qr", args=[token])


def _check_may_issue(actor, issuer) -> None:
    # SYSTEM issues on behalf of an organisation when hours qualify automatically (继续教育证书).
    if actor != SYSTEM:
        require_perm(actor, "certificates.issue", org=issuer)


def _person_snapshot(holder) -> tuple[dict, bytes | None]:
    person = getattr(holder, "person", None)
    if not holder.is_person or person is None:
        raise ValidationError("持证人必须是已注册的个人用户", code="not_person")
    fields = {"name": holder.name, "gender": person.gender, "ethnicity": person.ethnicity,
              "birth_date": person.birth_date, "id_number": person.id_number}
    attachment = person.photo
    return fields, attachment_read(attachment) if attachment is not None else None


def _check_photo(photo: bytes | None) -> None:
    """The photo must decode, or the PDF could never be made: refused here, where the caller can report it."""
    if not photo:
        return
    try:
        with Image.open(BytesIO(photo)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError("持证人的一寸照无法识别，请重新上传照片后再发证", code="bad_photo") from exc


def _store(cert: Certificate, photo: bytes | None, stored: list[str]) -> None:
    """Snapshot the photo (private storage, random name) and sign the content; the PDF comes after commit."""
    if photo:
        extension = detect_kind(ContentFile(photo)) or "jpg"
        cert.photo.save(f"{cert.number}.{extension}", ContentFile(photo), save=False)
        stored.append(cert.photo.name)
        cert.photo_sha256 = hashlib.sha256(photo).hexdigest()
    signing_key = keys.org_key(cert.issuer)
    cert.key_id = signing_key.key_id
    cert.signature = signing.content_sign(cert, signing_key)
    cert.sm2_signature = signing.content_sign_sm2(cert, signing_key)


def _create(*, actor, kind, holder, issuer, year, source, fields: dict, photo: bytes | None,
            replaces: Certificate | None = None, void_reason: str = "", reissued: bool = False,
            queue_pdf: bool = True) -> Certificate:
    _check_photo(photo)
    stored: list[str] = []
    try:
        with transaction.atomic():
            if replaces is not None:
                # Lock the old certificate so two approvals cannot both replace it.
                replaces = Certificate.objects.select_for_update().get(pk=replaces.pk)
                if not replaces.is_valid:
                    raise ValidationError("该证书已废止，不能再次补办或更正", code="already_void")
                # Saved void first: the new certificate takes over the one-valid-per-source slot.
                _void(replaces, reason=void_reason)
                replaces.save(update_fields=["status", "void_reason", "voided_at"])
            today = timezone.localdate()
            cert = Certificate(
                number=next_number(f"{NUMBER_PREFIXES[kind]}{today.year}", width=6),
                kind=kind, holder=holder, issuer=issuer, issuer_name=issuer.name, year=year, source=source,
                issued_on=today, verify_token=secrets.token_urlsafe(16), reissued=reissued,
                pdf_queued_at=timezone.now(), **fields,
            )
            # Typed values first (e.g. "60" → Decimal), so the signature covers what the database keeps.
            cert.clean_fields(exclude=["key_id", "signature", "pdf", "pdf_sha256"])
            _store(cert, photo, stored)
            cert.full_clean(exclude=["pdf", "pdf_sha256"])  # made by the worker after commit
            try:
                cert.save()
            except IntegrityError as exc:  # a concurrent issuing took the one-valid slot after full_clean looked
                raise ValidationError(DUPLICATE, code="duplicate") from exc
            if queue_pdf:
                pdf_queue([cert.pk])
            if replaces is not None:
                replaces.successor = cert
                replaces.save(update_fields=["successor"])
            record(actor=actor, action="certificates.issue", obj=cert, org=issuer,
                   after={"number": cert.number, "kind": kind, "holder_id": holder.pk, "key_id": cert.key_id,
                          "replaces": replaces.number if replaces else ""})
            # Signed: token, content; the old one's voiding. After the audit entry (lock order, see statements.py).
            statements.record_issue(cert, replaces=replaces)
            return cert
    except BaseException:
        # No half-issued certificate: files written for a rolled-back row are removed with it.
        for name in stored:
            private_storage().delete(name)
        raise


def _void(cert: Certificate, *, reason: str) -> None:
    cert.status = Certificate.Status.VOID
    cert.void_reason = reason
    cert.voided_at = timezone.now()


def certificate_issue(*, actor, kind: str, holder, issuer, year: int, source: str = "", queue_pdf: bool = True,
                      **printed) -> Certificate:
    """Issue a signed certificate to `holder` in the name of `issuer`; see the package docstring.

    The worker makes the PDF after commit; bulk issuing, already in the worker, passes `queue_pdf=False` and
    makes it itself."""
    if kind not in CertificateKind.values:
        raise ValidationError("证书类型不正确", code="bad_kind")
    unknown = set(printed) - set(PRINTED_FIELDS)
    if unknown:
        raise TypeError(f"unknown printed fields: {sorted(unknown)}")
    _check_may_issue(actor, issuer)
    person_fields, photo = _person_snapshot(holder)
    if source and Certificate.objects.filter(kind=kind, source=source, status=Certificate.Status.VALID).exists():
        raise ValidationError("该业务已签发有效证书，不能重复发证", code="duplicate_source")
    fields = {name: printed.get(name, "") for name in PRINTED_FIELDS if name not in ("hours", "filled_year")}
    fields.update(hours=printed.get("hours"), filled_year=printed.get("filled_year"), **person_fields)
    return _create(actor=actor, kind=kind, holder=holder, issuer=issuer, year=year, source=source, fields=fields,
                   photo=photo, queue_pdf=queue_pdf)


def certificate_replace(*, actor, certificate: Certificate, reason: str, changes: dict | None = None,
                        photo: bytes | None = None, reissue: bool = False) -> Certificate:
    """A new certificate with the old one's content (plus `changes`), voiding the old one (旧版证书废止).

    `changes` may set any of COPIED_FIELDS; `photo` replaces the photo (else the old snapshot is kept).
    `reissue`: a 补发 (证书丢失补办), printed as such with its date.
    """
    _check_may_issue(actor, certificate.issuer)
    changes = changes or {}
    unknown = set(changes) - set(COPIED_FIELDS)
    if unknown:
        raise TypeError(f"fields that cannot change: {sorted(unknown)}")
    fields = {name: changes.get(name, getattr(certificate, name)) for name in COPIED_FIELDS if name != "year"}
    if photo is None and certificate.photo:
        with certificate.photo.open("rb") as fh:
            photo = fh.read()
    return _create(actor=actor, kind=certificate.kind, holder=certificate.holder, issuer=certificate.issuer,
                   year=certificate.year, source=certificate.source, fields=fields, photo=photo,
                   replaces=certificate, void_reason=reason, reissued=reissue)


def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Void a certificate without a successor (e.g. a title withdrawn)."""
    _check_may_issue(actor, certificate.issuer)
    if not reason.strip():
        raise ValidationError({"reason": "请填写废止原因"})
    with transaction.atomic():
        cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not cert.is_valid:
            raise ValidationError("该证书已废止", code="already_void")
        _void(cert, reason=reason)
        cert.save(update_fields=["status", "void_reason", "voided_at"])
        record(actor=actor, action="certificates.revoke", obj=cert, org=cert.issuer,
               before={"status": "valid"}, after={"status": "void", "reason": reason})
        statements.record_void(cert)
    return cert
