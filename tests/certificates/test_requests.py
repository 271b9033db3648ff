import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhuanji.accounts.backends import resolve_identifier
from zhuanji.certificates.models import Certificate, CertificateRequest
from zhuanji.certificates.services import request_create
from zhuanji.certificates.signing import content_verify
from zhuanji.common.fakeids import make_id_number
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_approve, case_return

from .conftest import jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db


def test_loss_request_goes_to_the_issuer_and_approval_reissues(issue, world):
    old = issue()
    req = request_create(actor=world.person, kind="loss", certificate=old, reason="搬家时遗失",
                         evidence=[pdf_upload()])
    assert req.case.state == CaseState.PENDING and req.case.current_org == world.title_office
    assert req.number.startswith("ZSBB")
    with pytest.raises(ValidationError):
        case_approve(case=req.case, actor=world.prefecture_title_office_staff)
    case_approve(case=req.case, actor=world.title_office_staff, opinion="同意补办")
    req.refresh_from_db()
    old.refresh_from_db()
    assert old.status == Certificate.Status.VOID and old.successor == req.new_certificate
    new = req.new_certificate
    assert new.name == old.name and new.qualification == old.qualification and content_verify(new)


def test_correction_changes_the_certificate_and_keeps_the_account_consistent(issue, world):
    old = issue()
    new_id = make_id_number(4242, birth=old.birth_date, gender="女")
    req = request_create(
        actor=world.person, kind="correction", certificate=old, reason="户籍信息变更",
        evidence=[pdf_upload("公安证明.pdf"), jpeg_upload("户口本.jpg")],
        changes={"01": "张薇", "02": "女", "05": new_id, "06": "水利水电工程"}, new_photo=jpeg_upload())
    assert len(req.evidence) == 2 and req.new_photo is not None
    case_approve(case=req.case, actor=world.title_office_staff)
    req.refresh_from_db()
    new = req.new_certificate
    assert (new.name, new.gender, new.id_number, new.specialty) == ("张薇", "女", new_id, "水利水电工程")
    assert new.photo_sha256 != old.photo_sha256 and content_verify(new)
    old.refresh_from_db()
    assert old.status == Certificate.Status.VOID and old.successor == new and "旧版证书废止" in old.void_reason
    world.person.refresh_from_db()
    assert world.person.name == "张薇" and world.person.person.id_number == new_id
    assert world.person.username == new_id and resolve_identifier(new_id) == world.person


@pytest.mark.parametrize("changes, message", [
    ({}, "至少选择一项"),
    ({"01": "张伟"}, "无需更正"),
    ({"05": "650102198501010012"}, "身份证号"),
    ({"04": "1985/01/01"}, "YYYY-MM-DD"),
])
def test_correction_values_are_checked(issue, world, changes, message):
    with pytest.raises(ValidationError, match=message):
        request_create(actor=world.person, kind="correction", certificate=issue(), reason="更正",
                       evidence=[pdf_upload()], changes=changes)


def test_an_id_number_used_by_another_account_is_refused(issue, world):
    with pytest.raises(ValidationError, match="已被其他账号使用"):
        request_create(actor=world.person, kind="correction", certificate=issue(), reason="更正",
                       evidence=[pdf_upload()], changes={"05": world.other_person.person.id_number})


def test_proof_files_are_checked_by_content_and_size(issue, world):
    cert = issue()
    fake_pdf = SimpleUploadedFile("证明.pdf", b"just text, not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="文件类型不符"):
        request_create(actor=world.person, kind="loss", certificate=cert, reason="遗失", evidence=[fake_pdf])
    big = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError, match="5MB"):
        request_create(actor=world.person, kind="loss", certificate=cert, reason="遗失", evidence=[big])
    with pytest.raises(ValidationError, match="证明材料"):
        request_create(actor=world.person, kind="loss", certificate=cert, reason="遗失", evidence=[])


def test_only_the_holder_applies_and_only_once_at_a_time(issue, world):
    cert = issue()
    with pytest.raises(PermissionDenied):
        request_create(actor=world.other_person, kind="loss", certificate=cert, reason="遗失", evidence=[pdf_upload()])
    request_create(actor=world.person, kind="loss", certificate=cert, reason="遗失", evidence=[pdf_upload()])
    with pytest.raises(ValidationError, match="办理中"):
        request_create(actor=world.person, kind="loss", certificate=cert, reason="遗失", evidence=[pdf_upload()])


def test_returned_request_is_resubmitted_from_its_page(issue, world, login):
    req = request_create(actor=world.person, kind="loss", certificate=issue(), reason="遗失", evidence=[pdf_upload()])
    case_return(case=req.case, actor=world.title_office_staff, opinion="请补充登报声明原件")
    client = login(world.person)
    page = client.get(reverse("certificates:request_detail", args=[req.pk])).content.decode()
    assert "请补充登报声明原件" in page and "重新提交" in page
    client.post(reverse("certificates:request_resubmit", args=[req.pk]))
    req.case.refresh_from_db()
    assert req.case.state == CaseState.PENDING


def test_correction_form_posts_and_reviewer_sees_the_request_in_the_inbox(issue, world, login):
    cert = issue()
    client = login(world.person)
    response = client.post(reverse("certificates:correction_create"), {
        "certificate": cert.pk, "items": ["03"], "new_ethnicity": "回族", "reason": "民族信息有误",
        "evidence": [pdf_upload()]})
    assert response.status_code == 302
    req = CertificateRequest.objects.get()
    assert req.changes == {"03": "回族"}
    assert "民族" in client.get(reverse("certificates:correction_list")).content.decode()
    inbox = login(world.title_office_staff).get(reverse("reviews:inbox")).content.decode()
    assert req.number in inbox
    missing = login(world.person).post(reverse("certificates:correction_create"), {
        "certificate": cert.pk, "items": ["01"], "reason": "x", "evidence": [pdf_upload()]})
    assert "请填写新内容" in missing.content.decode()


def test_request_page_offers_办理_to_the_reviewer_only(issue, world, login):
    req = request_create(actor=world.person, kind="loss", certificate=issue(), reason="遗失", evidence=[pdf_upload()])
    act_url = reverse("reviews:act_form", args=[req.case.pk])
    reviewer_page = login(world.title_office_staff).get(reverse("certificates:request_detail", args=[req.pk]))
    assert act_url in reviewer_page.content.decode()
    holder_page = login(world.person).get(reverse("certificates:request_detail", args=[req.pk]))
    assert act_url not in holder_page.content.decode()
