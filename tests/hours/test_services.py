import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhuanji.attachments.models import Attachment
from zhuanji.attachments.storage import private_storage
from zhuanji.audit.models import AuditEntry
from zhuanji.certificates.models import Certificate, CertificateKind
from zhuanji.hours.models import Application, HoursKind, HoursThreshold
from zhuanji.hours.selectors import hours_account, hours_summary
from zhuanji.hours.services import (
    application_create,
    application_delete,
    application_submit,
    evidence_add,
    evidence_delete,
    evidence_replace,
    item_create,
    item_delete,
    item_update,
)
from zhuanji.reviews.models import CaseState
from zhuanji.reviews.services import case_approve, case_return

from .conftest import TODAY, add_item, jpeg_upload, pdf_upload


def _messages(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms) if hasattr(
        exc.value, "error_dict") else " ".join(exc.value.messages)


class TestCreate:
    def test_draft_gets_number_and_case(self, draft, hw):
        assert re.fullmatch(r"SQ\d{8}\d{6}", draft.number)
        assert draft.case.state == CaseState.DRAFT
        assert draft.year == draft.fill_year == TODAY.year
        assert draft.case.number == draft.number

    def test_region_recognises_only_high_levels(self, hw):
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.lecturer, today=TODAY)
        assert "自治区时只能认定副高级、正高级" in _messages(exc)

    def test_prefecture_recognises_only_junior_and_intermediate(self, hw):
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.urumqi, work_unit=hw.unit,
                               qualification=hw.catalog.professor, today=TODAY)
        assert "地州时只能认定初级、中级" in _messages(exc)
        ok = application_create(actor=hw.person, area=hw.urumqi, work_unit=hw.unit,
                                qualification=hw.catalog.lecturer, today=TODAY)
        assert ok.pk

    def test_no_recognizer_says_whom_to_contact(self, hw):
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.senior_engineer, today=TODAY)
        assert "请联系自治区人社厅" in _messages(exc)
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.kashgar, work_unit=hw.unit,
                               qualification=hw.catalog.lecturer, today=TODAY)
        assert "请联系喀什地区人社局" in _messages(exc)

    def test_an_inactive_recognizer_is_not_offered(self, hw):
        hw.competent.is_active = False
        hw.competent.save(update_fields=["is_active"])
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.professor, today=TODAY)
        assert "请联系自治区人社厅" in _messages(exc)

    def test_one_per_year_and_specialty(self, draft, hw):
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.professor, today=TODAY)
        assert "每人每年度同一专业只能申请一次" in _messages(exc)
        other = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                   qualification=hw.catalog.associate, today=TODAY)
        assert other.pk != draft.pk
        next_year = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                       qualification=hw.catalog.professor, today=datetime.date(2027, 1, 2))
        assert next_year.year == 2027

    def test_work_unit_must_be_a_unit(self, hw):
        with pytest.raises(ValidationError) as exc:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.competent,
                               qualification=hw.catalog.professor, today=TODAY)
        assert "请选择所在基层单位" in _messages(exc)

    def test_staff_cannot_apply(self, hw):
        with pytest.raises(PermissionDenied):
            application_create(actor=hw.unit_admin, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.professor, today=TODAY)


class TestItems:
    def test_start_must_not_be_after_end(self, draft):
        with pytest.raises(ValidationError) as exc:
            add_item(draft, start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 1, 1))
        assert "项目结束时间不能早于项目开始时间" in _messages(exc)

    @pytest.mark.parametrize("hours,ok", [(0, False), (1, True), (999, True), (1000, False)])
    def test_hours_have_at_most_three_digits(self, draft, hours, ok):
        if ok:
            assert add_item(draft, hours=hours, evidence=False).hours == hours
        else:
            with pytest.raises(ValidationError):
                add_item(draft, hours=hours, evidence=False)

    def test_title_and_organiser_at_most_200(self, draft):
        add_item(draft, title="题" * 200, organiser="单" * 200, evidence=False)
        with pytest.raises(ValidationError):
            add_item(draft, title="题" * 201, evidence=False)
        with pytest.raises(ValidationError):
            add_item(draft, organiser="单" * 201, evidence=False)

    def test_type_must_be_one_of_the_category(self, draft):
        with pytest.raises(ValidationError) as exc:
            add_item(draft, category="lecture", item_type="高级研修项目", evidence=False)
        assert "请选择类型" in _messages(exc)

    def test_update_rechecks_rules_and_audits(self, draft):
        item = add_item(draft, evidence=False)
        item_update(actor=draft.applicant, item=item, hours=50)
        assert item.hours == 50
        entry = AuditEntry.objects.get(action="hours.item_update", object_id=str(item.pk))
        assert (entry.before["hours"], entry.after["hours"]) == (40, 50)
        with pytest.raises(ValueError):
            item_update(actor=draft.applicant, item=item, category="lecture")
        item.refresh_from_db()
        assert item.category == "study"
        with pytest.raises(ValidationError):
            item_update(actor=draft.applicant, item=item, end_date=datetime.date(2025, 1, 1))

    def test_other_person_cannot_add_items(self, draft, hw):
        with pytest.raises(PermissionDenied):
            item_create(actor=hw.other_person, application=draft, category="study", title="x", organiser="y",
                        item_type="进修项目", start_date=TODAY, end_date=TODAY, hours=10)


class TestEvidence:
    def test_jpg_and_pdf_are_accepted(self, draft):
        item = add_item(draft, evidence=False)
        first = evidence_add(actor=draft.applicant, item=item, seq=1, upload=jpeg_upload())
        second = evidence_add(actor=draft.applicant, item=item, seq=2, upload=pdf_upload())
        assert (first.mime_type, second.mime_type) == ("image/jpeg", "application/pdf")
        assert first.slot == "evidence" and first.original_name == "活动现场.jpg"
        assert private_storage().exists(first.stored_name) and "活动现场" not in first.stored_name

    def test_type_is_checked_by_content_not_name(self, draft):
        item = add_item(draft, evidence=False)
        fake = SimpleUploadedFile("证书.jpg", b"just some text pretending to be a picture")
        with pytest.raises(ValidationError) as exc:
            evidence_add(actor=draft.applicant, item=item, seq=1, upload=fake)
        assert "只能上传jpg/pdf文件" in _messages(exc)
        png = SimpleUploadedFile("a.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        with pytest.raises(ValidationError):
            evidence_add(actor=draft.applicant, item=item, seq=1, upload=png)

    def test_at_most_5_mb(self, draft):
        item = add_item(draft, evidence=False)
        limit = 5 * 1024 * 1024
        base = len(pdf_upload().read())
        evidence_add(actor=draft.applicant, item=item, seq=1, upload=pdf_upload(size=limit - base))
        with pytest.raises(ValidationError) as exc:
            evidence_add(actor=draft.applicant, item=item, seq=2, upload=pdf_upload(size=limit - base + 1))
        assert "不能超过5MB" in _messages(exc)

    def test_seq_starts_at_one(self, draft):
        item = add_item(draft, evidence=False)
        with pytest.raises(ValidationError) as exc:
            evidence_add(actor=draft.applicant, item=item, seq=0, upload=jpeg_upload())
        assert "顺序号至少为1" in _messages(exc)
        assert not item.evidence.exists()

    def test_seq_is_unique_per_item(self, draft):
        item = add_item(draft)
        with pytest.raises(ValidationError) as exc:
            evidence_add(actor=draft.applicant, item=item, seq=1, upload=jpeg_upload())
        assert "顺序号1已被使用" in _messages(exc)

    def test_replace_and_delete_remove_the_old_file(self, draft, django_capture_on_commit_callbacks):
        item = add_item(draft)
        evidence = item.evidence.get()
        old_name = evidence.stored_name
        storage = private_storage()
        with django_capture_on_commit_callbacks(execute=True):
            evidence_replace(actor=draft.applicant, evidence=evidence, seq=3, upload=jpeg_upload("新.jpg"))
        assert evidence.seq == 3 and evidence.original_name == "新.jpg"
        assert not storage.exists(old_name) and storage.exists(evidence.stored_name)
        with django_capture_on_commit_callbacks(execute=True):
            evidence_delete(actor=draft.applicant, evidence=evidence)
        assert not storage.exists(evidence.stored_name)
        assert not Attachment.objects.filter(slot="evidence").exists()

    def test_deleting_items_and_drafts_removes_their_files(self, draft, hw, django_capture_on_commit_callbacks):
        first = add_item(draft)
        add_item(draft, category="lecture")
        names = list(Attachment.objects.filter(slot="evidence").values_list("stored_name", flat=True))
        assert len(names) == 2 and all(private_storage().exists(n) for n in names)
        with django_capture_on_commit_callbacks(execute=True):
            item_delete(actor=hw.person, item=first)
        assert not private_storage().exists(names[0]) and private_storage().exists(names[1])
        with django_capture_on_commit_callbacks(execute=True):
            application_delete(actor=hw.person, application=draft)
        assert not private_storage().exists(names[1]) and not Attachment.objects.filter(slot="evidence").exists()


class TestSubmit:
    def test_refused_below_threshold(self, draft):
        add_item(draft, hours=59)
        with pytest.raises(ValidationError) as exc:
            application_submit(actor=draft.applicant, application=draft)
        assert "申请总学时达到60学时后才能提交审核（当前59学时）" in _messages(exc)

    def test_threshold_is_the_years_professional_requirement(self, draft, hw):
        # A later row of hours_thresholds.csv takes over from its 生效年度 on.
        HoursThreshold.objects.create(from_year=draft.year, public=20, professional=30, total=90, document="新规定")
        add_item(draft, hours=30)
        application_submit(actor=draft.applicant, application=draft)
        draft.case.refresh_from_db()
        assert draft.case.state == CaseState.PENDING

    def test_refused_when_no_threshold_is_configured(self, draft):
        HoursThreshold.objects.all().delete()
        add_item(draft, hours=60)
        with pytest.raises(ValidationError) as exc:
            application_submit(actor=draft.applicant, application=draft)
        assert f"尚未配置{draft.year}年度的继续教育学时标准" in _messages(exc)
        draft.case.refresh_from_db()
        assert draft.case.state == CaseState.DRAFT

    def test_every_item_needs_evidence(self, draft):
        add_item(draft, hours=60, evidence=False, title="没有材料的项目")
        with pytest.raises(ValidationError) as exc:
            application_submit(actor=draft.applicant, application=draft)
        assert "没有材料的项目" in _messages(exc)

    def test_submitted_goes_to_the_work_unit_and_is_locked(self, ready, hw):
        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        assert (ready.case.state, ready.case.node, ready.case.current_org) == (CaseState.PENDING, "unit", hw.unit)
        with pytest.raises(ValidationError):
            add_item(ready, hours=5, evidence=False)
        with pytest.raises(ValidationError):
            application_delete(actor=hw.person, application=ready)

    def test_summary_per_category(self, ready):
        rows, total = hours_summary(ready)
        assert total == 60
        assert [(r.number, r.hours) for r in rows][:3] == [(1, 40), (2, 0), (3, 20)]

    def test_unit_with_incomplete_info_is_refused(self, ready, hw):
        hw.unit.legal_representative = ""
        hw.unit.save()
        with pytest.raises(ValidationError) as exc:
            application_submit(actor=hw.person, application=ready)
        assert "单位信息不完整" in _messages(exc)


class TestDelete:
    def test_only_drafts(self, draft, hw):
        case_pk = draft.case_id
        application_delete(actor=hw.person, application=draft)
        assert not Application.objects.filter(pk=draft.pk).exists()
        from zhuanji.reviews.models import Case

        assert not Case.objects.filter(pk=case_pk).exists()

    def test_not_by_someone_else(self, draft, hw):
        with pytest.raises(PermissionDenied):
            application_delete(actor=hw.other_person, application=draft)

    def test_a_returned_application_keeps_its_history(self, ready, hw):
        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        case_return(case=ready.case, actor=hw.unit_admin, opinion="请补充材料")
        ready.refresh_from_db()
        with pytest.raises(ValidationError) as exc:
            application_delete(actor=hw.person, application=ready)
        assert "只能删除草稿状态的申请" in _messages(exc)
        assert Application.objects.filter(pk=ready.pk).exists()


class TestReview:
    def _submit(self, application):
        application_submit(actor=application.applicant, application=application)
        application.case.refresh_from_db()
        return application.case

    def test_unit_must_choose_the_recognizer(self, ready, hw):
        case = self._submit(ready)
        with pytest.raises(ValidationError) as exc:
            case_approve(case=case, actor=hw.unit_admin, opinion="同意推荐")
        assert "请选择提交单位" in " ".join(exc.value.messages)
        with pytest.raises(ValidationError):
            case_approve(case=case, actor=hw.unit_admin, opinion="同意推荐", next_org=hw.hr_bureau)

    def test_return_edit_resubmit_approve_certificate(self, ready, hw):
        case = self._submit(ready)
        case = case_return(case=case, actor=hw.unit_admin, opinion="佐证材料不清晰")
        assert case.state == CaseState.RETURNED
        ready.refresh_from_db()
        add_item(ready, hours=10, category="other", item_type="网络培训", title="补充学习")
        case = self._submit(ready)
        case = case_approve(case=case, actor=hw.unit_admin, opinion="同意推荐", next_org=hw.competent)
        assert (case.node, case.current_org) == ("recognizer", hw.competent)
        case = case_approve(case=case, actor=hw.competent_staff, opinion="同意认定")
        assert case.state == CaseState.APPROVED
        ready.refresh_from_db()
        assert ready.recognized_hours == 70 and ready.recognized_by == hw.competent
        certificate = Certificate.objects.get(kind=CertificateKind.HOURS, holder=hw.person)
        assert certificate.issuer == hw.competent and certificate.hours == 70
        assert certificate.qualification_path == "教师系列/高校教师/教授(正高)"
        assert certificate.filled_year == ready.fill_year
        account = hours_account(hw.person, ready.year)
        assert (account.professional, account.public, account.total) == (70, 0, 70)
        credit = account.credits[0]
        assert (credit.kind, credit.source, credit.credited_by) == (
            HoursKind.PROFESSIONAL, f"hours.Application:{ready.pk}", hw.competent)
        assert hours_account(hw.person, ready.year + 1).total == 0
        entry = AuditEntry.objects.get(action="hours.recognize", object_id=str(ready.pk))
        assert entry.org == hw.competent
        assert entry.after == {"recognized_hours": 70, "certificate": certificate.number}

    def test_another_unit_cannot_act(self, ready, hw):
        case = self._submit(ready)
        with pytest.raises(ValidationError):
            case_approve(case=case, actor=hw.other_unit_admin, next_org=hw.competent)


def test_submission_needs_the_photo_the_certificate_prints(ready, hw):
    hw.person.person.attachments.all().delete()
    with pytest.raises(ValidationError) as exc:
        application_submit(actor=hw.person, application=ready)
    assert "1、基本信息：请先在“个人中心 › 我的信息”上传一寸照（学时认定证书将打印本人照片）" in exc.value.messages
