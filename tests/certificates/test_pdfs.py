"""The certificate PDF off the hot path: made by the worker after the issuing commits, signed once, with the
issuer's seal; 补发 and 已作废 shown on it; a download waits (生成中) until it exists."""

import re
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from celery import current_task
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.factories import give_photo
from zhuanji.attachments.storage import private_storage
from zhuanji.certificates import keys, pdf, signing
from zhuanji.certificates.models import Certificate, CertificateKind, CertificateStatement
from zhuanji.certificates.periodic import make_pdfs
from zhuanji.certificates.services import certificate_issue, certificate_replace, pdfs
from zhuanji.certificates.signing import trust_root

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

TITLE = {"year": 2025, "series": "工程系列", "specialty": "水利专业", "qualification": "正高级工程师", "level": "正高"}


def issue_without_pdf(world, holder=None):
    """Issue as a final approval does; the PDF task stays queued (the on-commit callback not run)."""
    holder = holder or world.person
    give_photo(holder, jpeg_bytes())
    return certificate_issue(actor=world.title_office_staff, kind=CertificateKind.TITLE, holder=holder,
                             issuer=world.title_office, **TITLE)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def signature_status(data: bytes):
    signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[trust_root()]))


@pytest.fixture
def render_spy(monkeypatch):
    """Records, for each PDF rendered: whether a transaction was open and which Celery task was running."""
    calls = []
    real = pdf.render

    def spy(cert, **kwargs):
        calls.append({"in_transaction": connection.in_atomic_block,
                      "task": current_task.name if current_task else None, "number": cert.number})
        return real(cert, **kwargs)

    monkeypatch.setattr(pdf, "render", spy)
    return calls


@pytest.fixture
def signer_calls(monkeypatch):
    """Counts the signer's raw signatures (pyHanko's size estimate is a full dry-run signature)."""
    calls = []
    real = signers.SimpleSigner.async_sign_raw

    async def counting(self, data, digest_algorithm, dry_run=False):
        calls.append(dry_run)
        return await real(self, data, digest_algorithm, dry_run=dry_run)

    monkeypatch.setattr(signers.SimpleSigner, "async_sign_raw", counting)
    return calls


@pytest.mark.django_db(transaction=True)
def test_the_approval_transaction_does_not_render_or_sign_the_task_does_after_commit(world, render_spy,
                                                                                     signer_calls):
    with transaction.atomic():  # the engine's approval transaction
        cert = issue_without_pdf(world)
        # Row, number and content signature are there; no PDF work has happened yet.
        assert cert.pk and cert.number and cert.signature and signing.content_verify(cert)
        assert render_spy == [] and signer_calls == [] and not cert.pdf_ready
    # Committed: the on-commit callback queued the worker's task (eager here), which rendered and signed once.
    assert render_spy == [{"in_transaction": False, "task": "zhuanji.certificates.tasks.certificate_pdf",
                           "number": cert.number}]
    assert signer_calls == [False]
    cert.refresh_from_db()
    assert cert.pdf_ready and signature_status(cert.pdf.read()).bottom_line


def test_an_issue_rolled_back_with_its_approval_makes_no_pdf(world, render_spy, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        issue_without_pdf(world)
        raise RuntimeError("the approval fails after issuing")
    assert callbacks == [] and render_spy == [] and not Certificate.objects.exists()


def test_the_pdf_is_signed_in_one_pass(world, issue, signer_calls):
    cert = issue()
    # One raw signature: the reserved size spares pyHanko's dry-run signature.
    assert signer_calls == [False]
    assert signature_status(cert.pdf.read()).bottom_line
    # (pyHanko left to measure the size signs twice — what the reserve saves.)
    signer_calls.clear()
    unsigned = pdf.render(cert, verify_url="https://example.test/v/x/", photo=None)
    meta = signers.PdfSignatureMetadata(field_name="Signature", md_algorithm="sha256")
    signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(unsigned)), meta, signer=_signer(world.title_office))
    assert signer_calls == [True, False]


def _signer(org) -> signers.SimpleSigner:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    key = keys.org_key(org)
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(key.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore())


def test_the_signature_field_shows_the_issuers_seal_and_the_metadata_names_the_issuer(issue, world):
    cert = issue()
    reader = PdfFileReader(BytesIO(cert.pdf.read()))
    page = reader.root["/Pages"]["/Kids"][0]
    widgets = [a.get_object() for a in page["/Annots"] if a.get_object().get("/FT") == "/Sig"]
    assert len(widgets) == 1
    widget = widgets[0]
    assert widget["/T"] == "Signature" and [round(float(v)) for v in widget["/Rect"]] == list(pdf.SEAL_BOX)
    appearance = widget["/AP"]["/N"]
    images = _images(appearance)
    assert images and images[0]["/SMask"]  # the seal: an image with a soft mask (transparent around the ring)
    info = reader.trailer["/Info"]
    assert str(info["/Author"]) == world.title_office.name
    assert str(info["/Title"]) == f"专业技术资格证书 {cert.number}"


def _images(xobject) -> list:
    found = []
    for value in xobject.get("/Resources", {}).get("/XObject", {}).values():
        obj = value.get_object()
        found += [obj] if obj["/Subtype"] == "/Image" else _images(obj)
    return found


def test_the_seal_is_drawn_per_organisation():
    from zhuanji.certificates.seal import seal_image, seal_png

    one, other = seal_image("自治区职称办公室"), seal_image("乌鲁木齐市职称办公室")
    assert one.mode == "RGBA" and one.size == other.size and one.tobytes() != other.tobytes()
    assert one.getpixel((0, 0))[3] == 0 and one.getpixel((one.width // 2, one.height // 2))[3] > 200  # the star
    assert seal_png("自治区职称办公室").startswith(b"\x89PNG")


def test_a_reissued_certificate_says_bu_fa_with_its_date(issue, world, tmp_path, django_capture_on_commit_callbacks):
    old = issue()
    assert "补发" not in pdf_text(old.pdf.read(), tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_replace(actor=world.title_office_staff, certificate=old, reason="证书丢失补办", reissue=True)
    new.refresh_from_db()
    text = pdf_text(new.pdf.read(), tmp_path)
    today = timezone.localdate()
    assert new.reissued and "（补发）" in text
    assert re.search(rf"补发日期：\s*{today.year}年{today.month}月{today.day}日", text)
    with django_capture_on_commit_callbacks(execute=True):
        corrected = certificate_replace(actor=world.title_office_staff, certificate=new, reason="更正",
                                        changes={"specialty": "水利水电专业"})
    corrected.refresh_from_db()
    assert not corrected.reissued and "补发" not in pdf_text(corrected.pdf.read(), tmp_path)


def test_a_void_certificates_download_is_stamped_and_its_signed_revision_still_verifies(
        login, issue, world, tmp_path, django_capture_on_commit_callbacks):
    old = issue()
    stored = old.pdf.read()
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_replace(actor=world.title_office_staff, certificate=old, reason="证书丢失补办", reissue=True)
    client = login(world.person)
    response = client.get(reverse("certificates:download", args=[old.pk]))
    data = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert data.startswith(stored) and len(data) > len(stored)  # the signed file, then an incremental update
    reader = PdfFileReader(BytesIO(data))
    stamps = [a.get_object() for a in reader.root["/Pages"]["/Kids"][0]["/Annots"]
              if a.get_object()["/Subtype"] == "/Stamp"]
    assert len(stamps) == 1 and str(stamps[0]["/Contents"]) == "已作废：证书丢失补办"
    status = signature_status(data)
    assert status.intact and status.valid  # the issued revision is untouched...
    assert not status.bottom_line  # ...and the file is no longer the document as signed
    path = tmp_path / "void.pdf"
    path.write_bytes(data)
    assert "Signature is Valid." in subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    # The valid successor downloads exactly as stored.
    response = client.get(reverse("certificates:download", args=[new.pk]))
    assert b"".join(response.streaming_content) == Certificate.objects.get(pk=new.pk).pdf.read()


def test_until_the_pdf_exists_the_certificate_shows_sheng_cheng_zhong_and_a_download_waits(
        login, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cert = issue_without_pdf(world)
    client = login(world.person)
    response = client.get(reverse("certificates:download", args=[cert.pk]))
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "证书生成中，请稍候" in text and '<meta http-equiv="refresh" content="3">' in text
    assert response["Retry-After"] == "3"
    assert "生成中" in client.get(reverse("certificates:mine")).content.decode()
    assert 'id="pdf-state"' in client.get(reverse("certificates:detail", args=[cert.pk])).content.decode()
    issuer = login(world.title_office_staff)
    assert "证书生成中" in issuer.get(reverse("certificates:download", args=[cert.pk])).content.decode()

    for callback in callbacks:  # the worker gets to it
        callback()
    response = client.get(reverse("certificates:download", args=[cert.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "生成中" not in client.get(reverse("certificates:mine")).content.decode()


def test_a_lost_pdf_message_is_asked_for_again_by_the_periodic_job(world, django_capture_on_commit_callbacks,
                                                                   render_spy):
    with django_capture_on_commit_callbacks(execute=False):
        cert = issue_without_pdf(world)  # the message never reaches a worker
    with django_capture_on_commit_callbacks(execute=True):
        assert make_pdfs() == 0  # asked for just now: not yet
    Certificate.objects.filter(pk=cert.pk).update(pdf_queued_at=timezone.now() - pdfs.PDF_RETRY_AFTER
                                                  - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert make_pdfs() == 1
    cert.refresh_from_db()
    assert cert.pdf_ready and len(render_spy) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert make_pdfs() == 0


def test_two_runs_for_one_certificate_leave_exactly_one_pdf(world, monkeypatch, settings):
    cert = issue_without_pdf(world)
    real_sign = signing.pdf_sign
    other = []

    def racing_sign(*args, **kwargs):
        if not other:  # another worker makes the same certificate's PDF while this one is signing
            other.append(None)
            other[0] = pdfs.certificate_pdf_generate(certificate_id=cert.pk)
        return real_sign(*args, **kwargs)

    monkeypatch.setattr(signing, "pdf_sign", racing_sign)
    result = pdfs.certificate_pdf_generate(certificate_id=cert.pk)
    assert result.pdf.name == other[0].pdf.name  # the second to finish kept the first one's file
    assert pdfs.certificate_pdf_generate(certificate_id=cert.pk).pdf.name == result.pdf.name  # done: no-op
    files = list((settings.PRIVATE_ROOT / "certificates" / "pdf").rglob("*.pdf"))
    assert [f.name for f in files] == [result.pdf.name.rsplit("/", 1)[1]]
    assert CertificateStatement.objects.filter(certificate=cert, kind=CertificateStatement.Kind.PDF).count() == 1


def test_a_photo_that_does_not_decode_is_refused_at_issue(world):
    give_photo(world.person, jpeg_bytes())
    attachment = world.person.person.photo
    storage = private_storage()
    storage.delete(attachment.stored_name)
    storage.save(attachment.stored_name, ContentFile(b"\xff\xd8\xff\xe0 truncated, not a photo"))
    with pytest.raises(ValidationError) as exc:
        certificate_issue(actor=world.title_office_staff, kind=CertificateKind.TITLE, holder=world.person,
                          issuer=world.title_office, **TITLE)
    assert exc.value.code == "bad_photo" and "一寸照无法识别" in exc.value.messages[0]
    assert not Certificate.objects.exists()
