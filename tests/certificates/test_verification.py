"""Issue 9 §1, what the verification proves: every printed field on the QR page and the API, 上传证书文件核验,
tamper-evident status (signed, chained statements), the issuer's own key, SM2 beside ECDSA, public keys only."""

import subprocess
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from zhuanji.certificates import keys, pdf, signing, sm2, statements
from zhuanji.certificates.models import Certificate, CertificateKind, CertificateStatement, IssuerKey
from zhuanji.certificates.selectors import certificate_verify, certificate_verify_token
from zhuanji.certificates.services import (
    bulk_job_create,
    bulk_job_run,
    certificate_issue,
    certificate_replace,
    certificate_revoke,
)
from zhuanji.certificates.verification import verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def hours_cert(issue, world):
    """A 学时认定 certificate of 60 hours from the 教育厅, its PDF made."""
    return issue(kind=CertificateKind.HOURS, issuer=world.competent, actor=world.competent_staff, hours=60,
                 filled_year=2025, qualification_path="教师系列/高校教师/教授(正高)")


def overlay(data: bytes, draw) -> bytes:
    """`data` with a page drawn by `draw(canvas)` laid over page 1 — an incremental update, as an editing tool
    would append it: the signed revision is untouched, so PDF readers still call the signature valid."""
    buffer = BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    pdf._fonts()
    draw(c)
    c.showPage()
    c.save()
    writer = IncrementalPdfFileWriter(BytesIO(data))
    xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(buffer.getvalue())))
    resources = generic.DictionaryObject({generic.pdf_name("/XObject"): generic.DictionaryObject(
        {generic.pdf_name("/Overlay"): xobject})})
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q /Overlay Do Q")),
                              resources=resources)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def hours_to_90(cert) -> callable:
    """Paint over the printed 认定学时 (60) and write 90 in its place."""
    labels = [label for label, _ in pdf.printed_rows(cert)]
    y = A4[1] - 75 * mm - labels.index("认定学时") * 11 * mm

    def draw(c):
        c.setFillColorRGB(1, 1, 1)
        c.rect(57 * mm, y - 2 * mm, 30 * mm, 7 * mm, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        pdf.draw_text(c, 58 * mm, y, "90", 13)

    return draw


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout


def result_section(response) -> str:
    text = response.content.decode()
    start = text.index('aria-label="查询结果"')
    return text[start:text.index("</section>", start)]


def upload(client, data: bytes, name="证书.pdf"):
    return client.post(reverse("certificates:verify_file"),
                       {"file": SimpleUploadedFile(name, data, "application/pdf")})


def test_an_incrementally_altered_pdf_is_exposed_by_its_own_qr_code_and_by_the_upload(client, hours_cert, tmp_path):
    original = hours_cert.pdf.read()
    altered = overlay(original, hours_to_90(hours_cert))
    path = tmp_path / "altered.pdf"
    path.write_bytes(altered)
    # What a PDF reader says about the altered file: still "valid", only not covering the whole document.
    report = run("pdfsig", str(path))
    assert "Signature is Valid." in report and "Not total document signed" in report
    assert "90" in run("pdftotext", str(path), "-")

    # Its own QR code leads to the page that prints the 学时 as issued.
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    url = run("zbarimg", "--raw", "-q", str(tmp_path / "page.png")).strip()
    assert urlsplit(url).path == reverse("certificates:verify_qr", args=[hours_cert.verify_token])
    page = result_section(client.get(urlsplit(url).path))
    assert "真实有效" in page and "<dt class=\"col-sm-3\">学时</dt><dd class=\"col-sm-9\">60</dd>" in page
    assert ">90<" not in page

    # 上传证书文件核验: the altered file is recognised as this certificate, changed after signing.
    response = upload(client, altered)
    text = response.content.decode()
    assert response.status_code == 200 and "该文件在签发后被改动" in text
    assert 'id="file-identical">否' in text and 'id="file-whole">否（签名后追加了 1 次修改）' in text
    assert ">60</dd>" in result_section(response)
    # The file as issued: identical, signed in full, current.
    text = upload(client, original).content.decode()
    assert "该文件与签发的证书文件完全一致，签名覆盖全文，证书真实有效" in text
    assert 'id="file-identical">是' in text and 'id="file-whole">是' in text and 'id="file-signature">是' in text


def test_an_uploaded_file_that_is_no_certificate_of_ours(client, issue, world):
    buffer = BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(100, 700, "hours 90")
    c.showPage()
    c.save()
    assert "不是本平台签发的证书" in upload(client, buffer.getvalue()).content.decode()
    response = upload(client, b"GIF89a not a pdf", name="x.pdf")
    assert response.status_code == 400 and "文件类型不符：只能上传pdf文件" in response.content.decode()
    assert "无法读取该文件" in upload(client, b"%PDF-garbage").content.decode()


def test_an_uploaded_void_certificate_names_its_current_successor(client, issue, world):
    old = issue()
    data = old.pdf.read()
    middle = certificate_replace(actor=world.title_office_staff, certificate=old, reason="证书丢失补办", reissue=True)
    newest = certificate_replace(actor=world.title_office_staff, certificate=middle, reason="证书信息更正",
                                 changes={"name": "张卫"})
    text = upload(client, data).content.decode()
    assert "该文件与签发的证书文件一致，但证书已废止" in text
    assert f'id="current-successor">{newest.number}（真实有效）' in text
    result = certificate_verify_token(token=old.verify_token)
    assert result.state == "void" and result.certificate.successor == middle
    assert result.current.certificate == newest and result.current.state == "valid"
    assert client.get("/api/v1/certificates/verify", {"number": old.number, "name": "张伟"}).json()[
        "current_successor"] == newest.number


def test_the_page_and_the_api_show_every_printed_field_and_the_photo(client, issue):
    cert = issue(hours=12)
    text = result_section(client.get(reverse("certificates:verify_qr", args=[cert.verify_token])))
    for label, value in (("性别", cert.gender), ("民族", cert.ethnicity), ("出生日期", cert.birth_date.isoformat()),
                         ("专业名称", "水利专业"), ("资格名称", "正高级工程师"), ("级别", "正高"), ("学时", "12"),
                         ("批文号", cert.approval_document), ("发证单位", cert.issuer_name),
                         ("发证日期", cert.issued_on.isoformat())):
        assert f'<dt class="col-sm-3">{label}</dt><dd class="col-sm-9">{value}</dd>' in text
    assert cert.id_number not in text
    for item in ("签名密钥", "内容签名（ECDSA）", "商用密码签名（SM2/SM3）", "照片", "状态记录"):
        assert item in text
    photo = text.split('<img src="')[1].split('"')[0]
    response = client.get(photo)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(photo.replace("/verify/photo/", "/verify/photo/x")).status_code == 404

    data = client.get("/api/v1/certificates/verify", {"number": cert.number, "name": "张伟"}).json()
    assert (data["result"], data["hours"], data["level"], data["approval_document"]) == (
        "valid", "12", "正高", cert.approval_document)
    assert data["gender"] == cert.gender and data["birth_date"] == cert.birth_date.isoformat()
    assert data["photo_url"].startswith("http://testserver/certificates/verify/photo/")
    assert [c["ok"] for c in data["checks"]] == [True] * 5


def test_a_swapped_photo_file_is_detected(client, issue):
    cert = issue()
    with cert.photo.open("wb") as fh:
        fh.write(b"another photo")
    result = certificate_verify(number=cert.number, name="张伟")
    assert result.state == "tampered" and result.problems == ["照片：照片文件与签名时不一致"]


def test_a_database_edited_void_status_is_detected(client, issue, world):
    revoked = issue()
    certificate_revoke(actor=world.title_office_staff, certificate=revoked, reason="资格被撤销")
    Certificate.objects.filter(pk=revoked.pk).update(status="valid", void_reason="", voided_at=None)
    result = certificate_verify(number=revoked.number, name="张伟")
    assert result.state == "tampered" and "证书状态与签名的废止记录不符" in result.problems[0]
    page = client.get(reverse("certificates:verify_qr", args=[revoked.verify_token])).content.decode()
    assert "证书数据校验未通过" in page

    # Deleting the signed VOIDED statement too: the replacement's signed ISSUED statement still names it. (With a
    # 批文号 the database would refuse the edit outright: two valid certificates for one holder and 批文.)
    replaced = issue(approval_document="")
    new = certificate_replace(actor=world.title_office_staff, certificate=replaced, reason="证书丢失补办")
    CertificateStatement.objects.filter(certificate=replaced, kind="voided").delete()
    Certificate.objects.filter(pk=replaced.pk).update(status="valid", void_reason="", successor=None)
    result = certificate_verify(number=replaced.number, name="张伟")
    assert result.state == "tampered" and "已有新证书替代本证书" in result.problems[0]
    # The new certificate's own ISSUED statement was followed by the deleted one: its link shows the gap.
    gap = certificate_verify(number=new.number, name="张伟").problems
    assert gap == ["状态记录：状态记录链不完整（记录被删除或改动）"]
    # …and the walk over the whole chain reports it (here the newest statement: the head still names it).
    check = statements.chain_check()
    assert not check.ok and check.broken_seq == CertificateStatement.objects.count() + 1


def test_a_revoked_certificates_deleted_statement_breaks_the_chain(issue, world):
    cert = issue()
    certificate_revoke(actor=world.title_office_staff, certificate=cert, reason="资格被撤销")
    assert statements.chain_check().ok
    last = CertificateStatement.objects.order_by("-seq").first()
    last.delete()
    assert "removed" in str(statements.chain_check())  # the head still names it
    statement = CertificateStatement.objects.order_by("seq").first()
    CertificateStatement.objects.filter(pk=statement.pk).update(body=statement.body.replace('"v":1', '"v":2'))
    assert not statements.chain_check().ok


def test_swapped_qr_tokens_are_detected(client, issue, world):
    first, second = issue(), issue(holder=world.other_person)
    tokens = first.verify_token, second.verify_token
    with transaction.atomic():
        Certificate.objects.filter(pk=first.pk).update(verify_token="swap")
        Certificate.objects.filter(pk=second.pk).update(verify_token=tokens[0])
        Certificate.objects.filter(pk=first.pk).update(verify_token=tokens[1])
    for token in tokens:
        result = certificate_verify_token(token=token)
        assert result.state == "tampered" and result.problems == ["状态记录：二维码与签发记录不符"]


def test_a_certificate_signed_with_another_organisations_key_is_refused(issue, world):
    cert = issue()
    other = keys.org_key(world.competent)  # an insider at the 教育厅 signs a title in the 职称办's name
    cert.key_id = other.key_id
    cert.signature, cert.sm2_signature = signing.content_sign(cert, other), signing.content_sign_sm2(cert, other)
    Certificate.objects.filter(pk=cert.pk).update(key_id=cert.key_id, signature=cert.signature,
                                                  sm2_signature=cert.sm2_signature)
    result = certificate_verify(number=cert.number, name="张伟")
    assert result.state == "tampered" and result.problems[0] == "签名密钥：签名密钥不属于发证单位"
    # Moving the key's row to the 职称办 in the database does not help: its certificate names the 教育厅.
    IssuerKey.objects.filter(key_id=other.key_id).update(organisation=world.title_office, status="retired")
    result = certificate_verify(number=cert.number, name="张伟")
    assert result.state == "tampered" and result.problems[0] == "签名密钥：签名密钥不属于发证单位"


def test_a_key_row_swapped_for_a_certificate_outside_the_ca_is_refused(issue, world, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    cert = issue()
    private_key = ec.generate_private_key(ec.SECP256R1())
    name = keys._name(world.title_office.name, org_pk=world.title_office.pk)
    forged = keys._build(name, private_key.public_key(), name, private_key, ca=False, sm2_public=sm2.generate()[1])
    IssuerKey.objects.filter(key_id=cert.key_id).update(
        certificate=forged.public_bytes(serialization.Encoding.PEM).decode())
    problems = certificate_verify(number=cert.number, name="张伟").problems
    assert problems[0] == "签名密钥：签名密钥证书不是平台根证书签发的"


def test_the_sm2_signature_is_checked_beside_ecdsa(issue):
    cert = issue()
    assert sm2.verify(signing.canonical_content(cert), cert.sm2_signature,
                      public_hex=IssuerKey.objects.get(key_id=cert.key_id).sm2_public_key)
    other = issue(holder=cert.holder, approval_document="新人社职字〔2025〕99号")
    Certificate.objects.filter(pk=cert.pk).update(sm2_signature=other.sm2_signature)
    result = certificate_verify(number=cert.number, name="张伟")
    assert result.state == "tampered" and result.problems == ["商用密码签名（SM2/SM3）：证书内容与SM2签名不符"]
    Certificate.objects.filter(pk=cert.pk).update(sm2_signature="")
    assert certificate_verify(number=cert.number, name="张伟").state == "tampered"


def test_sm2_keys_whose_hex_starts_with_0_or_4_sign_and_verify():
    """gmssl strips a leading "04" with lstrip, which would eat such keys; ours sets the key directly."""
    seen = set()
    while seen != {"0", "4"}:
        private_hex, public_hex = sm2.generate()
        if public_hex[0] in "04":
            seen.add(public_hex[0])
            signature = sm2.sign(b"content", private_hex=private_hex, public_hex=public_hex)
            assert sm2.verify(b"content", signature, public_hex=public_hex)
            assert not sm2.verify(b"contenT", signature, public_hex=public_hex)
    assert not sm2.verify(b"content", "zz" * 64, public_hex=public_hex)
    assert not sm2.verify(b"content", "0" * 128, public_hex=public_hex)


def test_verification_works_with_only_public_keys(client, issue, world, settings, monkeypatch):
    cert = issue()
    void = issue(holder=world.other_person)
    certificate_revoke(actor=world.title_office_staff, certificate=void, reason="资格被撤销")
    data = cert.pdf.read()
    for private in settings.CERTIFICATE_KEY_DIR.glob("*.key.json"):
        private.unlink()
    settings.CERTIFICATE_KEY_PASSPHRASE = "not the passphrase"

    def no_private_key(*args, **kwargs):
        raise AssertionError("verification opened a private key")

    monkeypatch.setattr(keys.PassphraseWrapper, "unwrap", no_private_key)
    monkeypatch.setattr(keys, "platform_ca", no_private_key)
    assert certificate_verify(number=cert.number, name="张伟").state == "valid"
    assert certificate_verify_token(token=void.verify_token).state == "void"
    assert "该文件与签发的证书文件完全一致" in upload(client, data).content.decode()
    api = client.get("/api/v1/certificates/verify", {"number": cert.number, "name": "张伟"}).json()
    assert api["result"] == "valid"
    assert client.get(reverse("certificates:root_certificate", args=["pem"])).status_code == 200


def test_no_second_valid_certificate_for_one_holder_qualification_and_approval(issue, world, monkeypatch):
    first = issue(approval_document="新人社职字〔2025〕12号")
    with pytest.raises(ValidationError) as exc:
        issue(approval_document="新人社职字〔2025〕12号")
    assert exc.value.messages == ["该持证人已有同一资格、同一批文号的有效证书，不能重复发证"]
    # Another holder, another qualification or another 批文号 is another certificate.
    issue(holder=world.other_person, approval_document="新人社职字〔2025〕12号")
    issue(approval_document="新人社职字〔2025〕12号", qualification_path="工程系列(副高)/水利专业/高级工程师")
    # A second bulk job of the same 批文 issues nothing twice.
    job = bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind=CertificateKind.TITLE,
                          title="重复批次", year=2025, holders=[world.person],
                          fields={"qualification_path": first.qualification_path,
                                  "approval_document": "新人社职字〔2025〕12号"})
    bulk_job_run(job_id=job.pk)
    assert "不能重复发证" in job.items.get().error
    # Two issuings at once both pass full_clean; the database refuses the second, reported in Chinese.
    monkeypatch.setattr(Certificate, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as exc:
        issue(approval_document="新人社职字〔2025〕12号")
    assert exc.value.code == "duplicate" and "不能重复发证" in exc.value.messages[0]
    monkeypatch.undo()
    # The database refuses it too, whatever path a row comes by.
    second = issue(approval_document="新人社职字〔2025〕13号")
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=second.pk).update(approval_document="新人社职字〔2025〕12号")
    # Once the first is void (e.g. replaced), the slot is the successor's.
    new = certificate_replace(actor=world.title_office_staff, certificate=first, reason="证书丢失补办")
    assert new.is_valid and new.approval_document == first.approval_document


def test_my_certificates_show_the_real_check(login, issue, world):
    good, bad = issue(), issue()
    Certificate.objects.filter(pk=bad.pk).update(hours=90)
    client = login(world.person)
    text = client.get(reverse("certificates:mine")).content.decode()
    assert text.count("签名校验未通过") == 1 and "已签名" in text
    detail = client.get(reverse("certificates:detail", args=[bad.pk])).content.decode()
    assert "签名校验未通过" in detail and "证书内容与签名不符" in detail
    assert "签名校验未通过" not in client.get(reverse("certificates:detail", args=[good.pk])).content.decode()


def test_a_certificate_verifies_before_its_pdf_is_made_and_the_pdf_hash_is_signed(issue, world):
    pending = certificate_issue(actor=world.title_office_staff, kind=CertificateKind.TITLE, holder=world.other_person,
                                issuer=world.title_office, year=2025, queue_pdf=False)
    assert not pending.pdf_ready and verify(pending).state == "valid"
    made = issue()
    Certificate.objects.filter(pk=made.pk).update(pdf_sha256="0" * 64)
    made.refresh_from_db()
    assert verify(made).problems == ["状态记录：证书文件与签名记录不符"]
