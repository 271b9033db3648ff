"""Browser test: 证书查询 — a PDF altered after signing, uploaded (上传证书文件核验), and the QR page it points to."""

import pytest

from tests.certificates.conftest import jpeg_bytes
from tests.certificates.test_verification import hours_to_90, overlay
from tests.factories import give_photo
from zhuanji.certificates.models import Certificate
from zhuanji.certificates.services import certificate_issue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_altered_pdf_uploaded_and_its_qr_page(page, world, tmp_path):
    give_photo(world.person, jpeg_bytes())
    cert = certificate_issue(actor=world.competent_staff, kind="hours", holder=world.person, issuer=world.competent,
                             year=2025, filled_year=2025, hours=60, qualification_path="教师系列/高校教师/教授(正高)")
    cert = Certificate.objects.get(pk=cert.pk)  # the worker (eager here) has made and signed the PDF
    altered = tmp_path / "证书.pdf"
    altered.write_bytes(overlay(cert.pdf.read(), hours_to_90(cert)))

    page.goto("/certificates/verify/")
    page.get_by_label("证书文件（PDF）").set_input_files(str(altered))
    page.get_by_role("button", name="核验文件").click()
    assert "签发后被改动" in page.locator("#file-check-summary").inner_text()
    assert page.locator("#file-whole").inner_text().startswith("否")
    fields = page.locator("#verify-fields").inner_text()
    assert "学时\n60" in fields or "学时\t60" in fields
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)

    page.goto(f"/certificates/v/{cert.verify_token}/")
    assert page.locator("#verify-state").inner_text().strip() == "真实有效"
    assert page.get_by_role("img", name="持证人照片").evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(tmp_path / "qr.png"), full_page=True)
