import json
import re
import subprocess
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from zhuanji.audit.models import AuditEntry
from zhuanji.certificates import pdf
from zhuanji.certificates.models import Certificate, CertificateKind
from zhuanji.certificates.services import (
    certificate_issue,
    certificate_replace,
    certificate_revoke,
    issuer_key_rotate,
)
from zhuanji.certificates.services.issuing import verify_url
from zhuanji.certificates.signing import content_verify, trust_root

pytestmark = pytest.mark.django_db


def pdf_status(data: bytes):
    signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[trust_root()]))


def test_issue_snapshots_printed_fields_and_numbers_per_kind(issue, world):
    cert = issue()
    person = world.person.person
    assert re.fullmatch(r"ZC\d{4}\d{6}", cert.number)
    assert (cert.name, cert.gender, cert.ethnicity, cert.birth_date, cert.id_number) == (
        "张伟", person.gender, person.ethnicity, person.birth_date, person.id_number)
    assert cert.issuer_name == world.title_office.name and cert.is_valid
    assert cert.photo and cert.photo_sha256
    hours = issue(kind=CertificateKind.HOURS, issuer=world.competent, actor=world.competent_staff, hours="60",
                  filled_year=2025, qualification_path="教师系列/高校教师/教授(正高)")
    hours.refresh_from_db()
    assert hours.number.startswith("XSRD") and str(hours.hours) == "60.0"
    assert content_verify(hours)
    assert AuditEntry.objects.filter(action="certificates.issue", object_id=str(cert.pk)).exists()


def test_profile_changes_do_not_alter_an_issued_certificate(issue, world):
    cert = issue()
    world.person.name = "张三"
    world.person.save()
    cert.refresh_from_db()
    assert cert.name == "张伟" and content_verify(cert)


def test_an_edited_field_fails_the_content_signature(issue):
    cert = issue()
    assert content_verify(cert)
    Certificate.objects.filter(pk=cert.pk).update(qualification="教授")
    cert.refresh_from_db()
    assert not content_verify(cert)


def test_pdf_is_pades_signed_and_tampering_breaks_it(issue):
    data = issue().pdf.read()
    status = pdf_status(data)
    assert status.intact and status.valid and status.bottom_line
    assert b"ReportLab" in data
    tampered = data.replace(b"ReportLab", b"ReportLaX", 1)
    assert not pdf_status(tampered).intact


def test_pdfsig_reports_the_signature_valid(issue, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(issue().pdf.read())
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." in out


def test_pdf_embeds_its_fonts_and_the_qr_code_decodes_to_the_verification_url(issue, tmp_path):
    cert = issue()
    path = tmp_path / "c.pdf"
    path.write_bytes(cert.pdf.read())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DroidSansFallback" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert decoded == verify_url(cert.verify_token)
    assert decoded.endswith(f"/certificates/v/{cert.verify_token}/")


def test_keys_are_encrypted_files_and_rotation_keeps_old_certificates_verifiable(issue, world, settings):
    old = issue()
    wrapped = json.loads((settings.CERTIFICATE_KEY_DIR / f"{old.key_id}.key.json").read_bytes())
    assert wrapped["wrapper"] == "scrypt-aes256gcm" and b"PRIVATE KEY" not in json.dumps(wrapped).encode()
    new_id = issuer_key_rotate(actor=world.platform_admin, organisation=world.title_office, reason="定期轮换").key_id
    new = issue(holder=world.other_person)
    assert new.key_id == new_id != old.key_id
    assert content_verify(old) and content_verify(new)
    assert pdf_status(old.pdf.read()).bottom_line


def test_a_signature_by_a_key_outside_the_platform_ca_is_refused(issue, world):
    cert = issue()
    Certificate.objects.filter(pk=cert.pk).update(key_id="missing-key")
    cert.refresh_from_db()
    assert not content_verify(cert)


def test_only_the_issuing_side_may_issue(world):
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=world.unit_admin, kind=CertificateKind.TITLE, holder=world.person,
                          issuer=world.title_office, year=2025)
    with pytest.raises(ValidationError):
        certificate_issue(actor=world.title_office_staff, kind=CertificateKind.TITLE, holder=world.unit_admin,
                          issuer=world.title_office, year=2025)


def test_one_valid_certificate_per_source(issue, monkeypatch):
    issue(source="titles.Application:1")

    def render(*args, **kwargs):
        raise AssertionError("a duplicate must be refused before anything is rendered or signed")

    monkeypatch.setattr(pdf, "render", render)
    with pytest.raises(ValidationError) as exc:
        issue(source="titles.Application:1")
    assert exc.value.code == "duplicate_source"


def test_replace_voids_the_old_certificate_and_names_its_successor(issue, world):
    old = issue(source="titles.Application:1")
    new = certificate_replace(actor=world.title_office_staff, certificate=old, reason="证书信息更正",
                              changes={"name": "张卫"})
    old.refresh_from_db()
    assert old.status == Certificate.Status.VOID and old.successor == new and old.void_reason == "证书信息更正"
    assert new.name == "张卫" and new.source == old.source and new.qualification == old.qualification
    assert new.photo_sha256 == old.photo_sha256 and content_verify(new) and content_verify(old)
    with pytest.raises(ValidationError) as exc:
        certificate_replace(actor=world.title_office_staff, certificate=old, reason="再次补办")
    assert exc.value.code == "already_void"
    # Without a source no uniqueness constraint backs the rule: the void check alone stops a second successor.
    loose = issue()
    certificate_replace(actor=world.title_office_staff, certificate=loose, reason="证书丢失补办")
    with pytest.raises(ValidationError) as exc:
        certificate_replace(actor=world.title_office_staff, certificate=loose, reason="证书丢失补办")
    assert exc.value.code == "already_void"
    assert Certificate.objects.filter(holder=world.person, source="", status=Certificate.Status.VALID).count() == 1


def test_revoke(issue, world):
    cert = issue()
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=world.competent_staff, certificate=cert, reason="撤销")
    with pytest.raises(ValidationError) as exc:
        certificate_revoke(actor=world.title_office_staff, certificate=cert, reason="  ")
    assert "请填写废止原因" in exc.value.messages
    cert.refresh_from_db()
    assert cert.is_valid
    certificate_revoke(actor=world.title_office_staff, certificate=cert, reason="撤销职称")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VOID and cert.successor is None
    entry = AuditEntry.objects.get(action="certificates.revoke", object_id=str(cert.pk))
    assert entry.org == world.title_office and entry.after == {"status": "void", "reason": "撤销职称"}
    with pytest.raises(ValidationError):
        certificate_revoke(actor=world.title_office_staff, certificate=cert, reason="再次废止")


def test_demo_certificates(world):
    from zhuanji.certificates.demo import load_demo

    certs = load_demo(person=world.person)
    assert len(certs) == 6 and len(load_demo(person=world.person)) == 6
    void = Certificate.objects.filter(holder=world.person, status=Certificate.Status.VOID)
    assert void.count() == 2 and all(c.successor and content_verify(c.successor) for c in void)
    assert Certificate.objects.filter(holder=world.person, status=Certificate.Status.VALID).count() == 4
