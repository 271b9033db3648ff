"""Browser test: 证书信息更正 from the holder's application to the approval and the new certificate's download."""

import subprocess

import pytest

from tests.certificates.conftest import jpeg_bytes
from tests.e2e.test_login import log_in
from tests.factories import give_photo
from zhuanji.certificates.models import Certificate, CertificateRequest
from zhuanji.certificates.services import certificate_issue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_correction_from_application_to_new_certificate_download(page, world, tmp_path):
    give_photo(world.person, jpeg_bytes())
    old = certificate_issue(actor=world.title_office_staff, kind="title", holder=world.person,
                            issuer=world.title_office, year=2025, series="工程系列", specialty="水利专业",
                            qualification="正高级工程师", level="正高")
    proof = tmp_path / "民族证明.pdf"
    proof.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    log_in(page, world.person)
    page.goto("/certificates/correction/")
    page.get_by_role("link", name="新增申请").click()
    page.get_by_label("更正证书").select_option(str(old.pk))
    page.get_by_label("03 民族").check()
    page.get_by_label("新民族").fill("回族")
    page.get_by_label("变更原因").fill("户籍民族信息已更正")
    page.get_by_label("证明材料").set_input_files(str(proof))
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核").wait_for()
    assert "审核中" in page.locator("#request-state").inner_text()
    detail_url = page.url

    # The issuing office's reviewer opens the proof (the one download view: a PDF, never sniffed as a page) and
    # approves it from 我的待办 with the engine's 办理 dialog.
    case = CertificateRequest.objects.get().case
    log_in(page, world.title_office_staff)
    page.goto(detail_url)
    proof_response = page.request.get(page.get_by_role("link", name="1. 民族证明.pdf").get_attribute("href"))
    assert proof_response.ok and proof_response.headers["content-type"] == "application/pdf"
    assert proof_response.headers["x-content-type-options"] == "nosniff"
    page.locator("summary", has_text="审核办理").click()
    page.get_by_role("link", name="我的待办").click()
    page.get_by_role("row", name=case.number).get_by_role("link", name="办理").click()
    dialog = page.locator("#dialog")
    dialog.get_by_role("heading", name="发证审核（同意即重新发证，原证书作废）").wait_for()
    dialog.get_by_label("同意", exact=True).check()
    dialog.get_by_label("审核意见").fill("材料齐全，同意更正")
    dialog.get_by_role("button", name="确认").click()
    page.get_by_text(f"{case.number} 已同意").wait_for()

    # The holder downloads the new certificate.
    log_in(page, world.person)
    page.goto(detail_url)
    assert "已通过" in page.locator("#request-state").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载证书").click()
    # pdfsig rather than pyHanko here: pyHanko's sync API cannot run beside Playwright's event loop.
    out = subprocess.run(["pdfsig", str(info.value.path())], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." in out
    new = Certificate.objects.get(predecessor=old)
    assert new.ethnicity == "回族" and info.value.suggested_filename == f"{new.number}.pdf"
    page.goto(f"/certificates/verify/?number={old.number}&name=张伟")
    assert "已废止" in page.locator("#verify-state").inner_text()
    assert new.number in page.locator("#successor-number").inner_text()
