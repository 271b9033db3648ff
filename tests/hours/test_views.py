import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.hours.models import Application, Item
from zhuanji.hours.services import application_create, application_submit
from zhuanji.reviews.models import CaseState

from ..factories import PersonUserFactory
from .conftest import TODAY, add_item, jpeg_upload, with_photo


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_applications(hw, count, *, submit=False):
    for _ in range(count):
        person = with_photo(PersonUserFactory())
        application = application_create(actor=person, area=hw.region, work_unit=hw.unit,
                                          qualification=hw.catalog.professor, today=TODAY)
        if submit:
            add_item(application, hours=60)
            application_submit(actor=person, application=application)


class TestListQueries:
    def test_applicant_list_does_not_grow_with_rows(self, hw, login):
        client = login(hw.person)
        quals = [hw.catalog.professor, hw.catalog.associate]
        for q in quals:
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit, qualification=q, today=TODAY)
        few = _queries(client, reverse("hours:list"))
        for year in range(2000, 2018):
            application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                               qualification=hw.catalog.professor, today=TODAY.replace(year=year))
        assert Application.objects.filter(applicant=hw.person).count() == 20
        assert _queries(client, reverse("hours:list") + "?size=20") == few

    def test_unit_queue_does_not_grow_with_rows(self, hw, login):
        client = login(hw.unit_admin)
        _make_applications(hw, 2, submit=True)
        few = _queries(client, reverse("hours:unit_review"))
        _make_applications(hw, 18, submit=True)
        response = client.get(reverse("hours:unit_review") + "?size=20")
        assert response.content.decode().count("信息审核") >= 20
        assert _queries(client, reverse("hours:unit_review") + "?size=20") == few


class TestApplicantPages:
    def test_wizard_creates_the_application(self, hw, login):
        client = login(hw.person)
        url = reverse("hours:new")
        response = client.get(url)
        assert "我的信息" in response.content.decode() and "请选择申报区域" in response.content.decode()
        response = client.post(url + "?step=1", {"area": hw.region.pk, "work_unit": hw.unit.pk})
        assert response.status_code == 302 and response.url.endswith("step=2")
        response = client.post(url + "?step=2", {"qualification": hw.catalog.lecturer.pk})
        assert "自治区时只能认定副高级、正高级" in response.content.decode()
        client.post(url + "?step=2", {"qualification": hw.catalog.professor.pk})
        page = client.get(url + "?step=3").content.decode()
        assert hw.competent.name in page
        response = client.post(url + "?step=3")
        application = Application.objects.get(applicant=hw.person)
        assert response.url == reverse("hours:edit", args=[application.pk])

    def test_wizard_starts_from_the_profile_work_unit(self, hw, login):
        client = login(hw.person)  # the profile says 新疆大学
        url = reverse("hours:new")
        page = client.get(url).content.decode()
        assert f'name="work_unit" id="id_work_unit" value="{hw.unit.pk}"' in page and hw.unit.name in page
        # Still theirs to change: another unit chosen is the one kept, and shown when they come back.
        response = client.post(url + "?step=1", {"area": hw.region.pk, "work_unit": hw.other_unit.pk})
        assert response.status_code == 302
        page = client.get(url).content.decode()
        assert f'value="{hw.other_unit.pk}"' in page and hw.other_unit.name in page

    def test_wizard_without_a_profile_unit_leaves_the_choice_empty(self, hw, login):
        person = PersonUserFactory()
        page = login(person).get(reverse("hours:new")).content.decode()
        assert 'name="work_unit" id="id_work_unit" value=""' in page

    def test_wizard_ignores_a_profile_unit_it_does_not_offer(self, hw, login):
        hw.person.person.work_unit = hw.competent  # not a 基层单位
        hw.person.person.save()
        page = login(hw.person).get(reverse("hours:new")).content.decode()
        assert 'name="work_unit" id="id_work_unit" value=""' in page

    def test_wizard_tells_whom_to_contact(self, hw, login):
        client = login(hw.person)
        url = reverse("hours:new")
        client.post(url + "?step=1", {"area": hw.region.pk, "work_unit": hw.unit.pk})
        client.post(url + "?step=2", {"qualification": hw.catalog.senior_engineer.pk})
        page = client.get(url + "?step=3").content.decode()
        assert "请联系自治区人社厅" in page and "完成" not in page

    def test_item_dialog_then_evidence(self, draft, login):
        client = login(draft.applicant)
        response = client.post(reverse("hours:item_new", args=[draft.pk, "lecture"]), {
            "title": "提升专业技术人员能力", "organiser": "新疆大学", "item_type": "专题讲座",
            "start_date": "2026-08-18", "end_date": "2026-08-17", "hours": "20"})
        assert "开展结束时间不能早于开展开始时间" in response.content.decode()
        response = client.post(reverse("hours:item_new", args=[draft.pk, "lecture"]), {
            "title": "提升专业技术人员能力", "organiser": "新疆大学", "item_type": "专题讲座",
            "start_date": "2026-08-18", "end_date": "2026-08-18", "hours": "1000"})
        assert "申请学时最多为3位数" in response.content.decode()
        response = client.post(reverse("hours:item_new", args=[draft.pk, "lecture"]), {
            "title": "提升专业技术人员能力", "organiser": "新疆大学", "item_type": "专题讲座",
            "start_date": "2026-08-18", "end_date": "2026-08-18", "hours": "20"})
        assert "上传佐证材料" in response.content.decode()
        item = Item.objects.get(application=draft)
        response = client.post(reverse("hours:evidence_new", args=[item.pk]),
                               {"seq": 1, "kind": "佐证材料", "upload": jpeg_upload()})
        assert "活动现场.jpg" in response.content.decode()
        evidence = item.evidence.get()
        file_response = client.get(reverse("attachments:download", args=[evidence.key]))
        assert file_response["Content-Type"] == "image/jpeg"
        assert file_response["X-Content-Type-Options"] == "nosniff"

    def test_submit_button_disabled_below_threshold(self, draft, login):
        client = login(draft.applicant)
        add_item(draft, hours=59)
        page = client.get(reverse("hours:edit", args=[draft.pk]) + "?s=12").content.decode()
        assert "disabled" in page and "各栏目申请学时情况" in page
        response = client.post(reverse("hours:submit", args=[draft.pk]))
        assert response.status_code == 302
        draft.case.refresh_from_db()
        assert draft.case.state == CaseState.DRAFT

    @pytest.mark.parametrize("name", ["submit", "delete"])
    def test_state_changes_refuse_get(self, draft, login, name):
        assert login(draft.applicant).get(reverse(f"hours:{name}", args=[draft.pk])).status_code == 405
        assert Application.objects.filter(pk=draft.pk).exists()

    def test_another_person_gets_404_on_post(self, draft, hw, login):
        item = add_item(draft, hours=10)
        client = login(hw.other_person)
        for name, pk in (("delete", draft.pk), ("submit", draft.pk), ("item_delete", item.pk),
                         ("evidence_delete", item.evidence.get().pk)):
            assert client.post(reverse(f"hours:{name}", args=[pk])).status_code == 404, name
        assert Application.objects.filter(pk=draft.pk).exists()

    def test_delete_draft(self, draft, login):
        response = login(draft.applicant).post(reverse("hours:delete", args=[draft.pk]))
        assert response.status_code == 302
        assert not Application.objects.filter(pk=draft.pk).exists()


class TestReviewPages:
    def test_unit_approves_through_the_engine_dialog(self, ready, hw, login):
        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        form_url = reverse("reviews:act_form", args=[ready.case_id])
        act_url = reverse("reviews:act", args=[ready.case_id])
        assert login(hw.other_unit_admin).get(form_url).status_code == 404
        client = login(hw.unit_admin)
        queue = client.get(reverse("hours:unit_review")).content.decode()
        assert ready.number in queue and form_url in queue
        page = client.get(form_url).content.decode()
        assert "选择提交单位" in page and hw.competent.name in page
        response = client.post(act_url, {"decision": "approve", "opinion": "同意推荐", "next_org": hw.competent.pk,
                                         "version": ready.case.version, "next": reverse("hours:unit_review")})
        assert response.status_code == 302
        ready.case.refresh_from_db()
        assert ready.case.current_org == hw.competent
        queue = login(hw.competent_staff).get(reverse("hours:recognizer_review")).content.decode()
        assert ready.number in queue
        # Each queue holds its own node: the recognizer's 单位审核 queue stays empty.
        assert ready.number not in login(hw.competent_staff).get(reverse("hours:unit_review")).content.decode()
        detail = login(hw.competent_staff).get(reverse("hours:detail", args=[ready.pk])).content.decode()
        assert "流程日志" in detail and "同意推荐" in detail and "办理" in detail

    def test_done_filter_shows_what_the_unit_acted_on(self, ready, hw, login):
        from zhuanji.reviews.services import case_approve

        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        client = login(hw.unit_admin)
        # Still waiting at the unit: 待审核, not 已审核.
        assert ready.number not in client.get(reverse("hours:unit_review") + "?status=done").content.decode()
        case_approve(case=ready.case, actor=hw.unit_admin, next_org=hw.competent)
        assert ready.number not in client.get(reverse("hours:unit_review")).content.decode()
        assert ready.number in client.get(reverse("hours:unit_review") + "?status=done").content.decode()

    def test_returned_application_shows_the_opinion_to_the_applicant(self, ready, hw, login):
        from zhuanji.reviews.services import case_return

        application_submit(actor=hw.person, application=ready)
        ready.case.refresh_from_db()
        case_return(case=ready.case, actor=hw.unit_admin, opinion="请补充签到表")
        page = login(hw.person).get(reverse("hours:edit", args=[ready.pk])).content.decode()
        assert "退回意见：请补充签到表" in page
