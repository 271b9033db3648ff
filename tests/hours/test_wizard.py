"""学时认定填报引导 on the section framework: each step saved in a draft as it is left, surviving the session;
the duplicate rule shown where the person is; bad step numbers; and 提交审核's one-shot list of unmet conditions."""

import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhuanji.common.models import Draft
from zhuanji.hours.forms import WIZARD
from zhuanji.hours.models import Application
from zhuanji.hours.services import application_create, application_submit
from zhuanji.reviews.models import CaseState

from .conftest import add_item

URL = "/hours/new/"
DUPLICATE = "每人每年度同一专业只能申请一次"


def _current_step(page: str) -> str:
    return re.search(r'aria-current="step">\s*<span[^>]*>(\d)</span>', page).group(1)


def _fill_two_steps(client, hw, qualification=None):
    response = client.post(URL + "?step=1", {"area": hw.region.pk, "work_unit": hw.unit.pk, "go": "next"})
    assert response.status_code == 302 and response.url == URL + "?step=2"
    response = client.post(URL + "?step=2", {"qualification": (qualification or hw.catalog.professor).pk,
                                             "go": "next"})
    return response


def _now_application(hw, qualification):
    """The same person's application made meanwhile (another tab), for this year."""
    return application_create(actor=hw.person, area=hw.region, work_unit=hw.unit, qualification=qualification,
                               today=timezone.localdate())


class TestDraft:
    def test_steps_survive_the_session(self, hw, login):
        client = login(hw.person)
        assert reverse("hours:new") == URL
        assert _fill_two_steps(client, hw).url == URL + "?step=3"
        assert "hours_wizard" not in client.session  # nothing of the wizard lives in the session
        draft = Draft.objects.get(owner=hw.person, kind="hours.wizard")
        assert set(draft.data) == {"info", "specialty"}

        # The session ends (30 idle minutes): a new browser session, logged in again.
        client.logout()
        again = Client()
        again.force_login(hw.person)
        page = again.get(URL).content.decode()
        assert f'name="work_unit" id="id_work_unit" value="{hw.unit.pk}"' in page
        assert re.search(rf'<option value="{hw.region.pk}" selected>', page)
        page = again.get(URL + "?step=2").content.decode()
        assert re.search(rf'<option value="{hw.catalog.professor.pk}"[^>]*selected', page)
        page = again.get(URL + "?step=3").content.decode()
        assert _current_step(page) == "3" and hw.competent.name in page and "教师系列/高校教师/教授" in page

        response = again.post(URL + "?step=3", {"go": "finish"})
        application = Application.objects.get(applicant=hw.person)
        assert response.status_code == 302 and response.url == reverse("hours:edit", args=[application.pk])
        assert (application.area, application.work_unit, application.qualification) == (
            hw.region, hw.unit, hw.catalog.professor)
        assert not Draft.objects.filter(owner=hw.person).exists()
        # Starting again starts from an empty wizard (the profile's unit offered again).
        assert _current_step(again.get(URL + "?step=3").content.decode()) == "1"

    def test_previous_and_close_save_the_step_too(self, hw, login):
        client = login(hw.person)
        _fill_two_steps(client, hw)
        response = client.post(URL + "?step=2", {"qualification": hw.catalog.associate.pk, "go": "prev"})
        assert response.url == URL + "?step=1"
        assert WIZARD.cleaned(Draft.objects.get(), "specialty")["qualification"] == hw.catalog.associate
        response = client.post(URL + "?step=1", {"area": hw.region.pk, "work_unit": hw.other_unit.pk,
                                                 "go": "close"})
        assert response.url == reverse("hours:list")
        assert WIZARD.cleaned(Draft.objects.get(), "info")["work_unit"] == hw.other_unit

    def test_input_not_valid_yet_is_kept_and_blocks_the_next_step(self, hw, login):
        client = login(hw.person)
        _fill_two_steps(client, hw)
        response = client.post(URL + "?step=2", {"qualification": hw.catalog.lecturer.pk, "go": "prev"})
        assert response.url == URL + "?step=1"  # going back is always allowed, the choice is kept
        assert Draft.objects.get().data["specialty"] == {"qualification": [str(hw.catalog.lecturer.pk)]}
        page = client.get(URL + "?step=3").content.decode()
        assert _current_step(page) == "2" and "自治区时只能认定副高级、正高级" in page

    def test_an_untouched_step_is_not_stored_as_invalid(self, hw, login):
        client = login(hw.person)
        client.post(URL + "?step=1", {"area": "", "work_unit": "", "go": "close"})
        page = client.get(URL).content.decode()
        assert "请选择申报区域" in page and 'class="invalid-feedback' not in page
        assert Draft.objects.get().data == {}

    def test_each_person_has_their_own_draft(self, hw, login):
        _fill_two_steps(login(hw.person), hw)
        page = login(hw.other_person).get(URL + "?step=3").content.decode()
        assert _current_step(page) == "1"
        assert Draft.objects.filter(kind="hours.wizard").count() == 1


class TestSectionsOnTheirOwn:
    def test_each_step_validates_on_its_own(self, hw):
        saved = WIZARD.save_section(actor=hw.person, key="info", data={"area": str(hw.region.pk)})
        assert not saved.complete and saved.messages == ["请选择工作单位"]
        assert saved.form.errors == {"work_unit": ["请选择工作单位"]}
        saved = WIZARD.save_section(actor=hw.person, key="specialty", data={"qualification": ""})
        assert saved.messages == ["请选择认定专业"]
        draft = WIZARD.draft_get(hw.person)
        assert WIZARD.errors("info", draft) == ["请选择工作单位"]
        assert WIZARD.errors("specialty", draft) == ["请选择认定专业"]
        assert WIZARD.first_incomplete(draft).key == "info"

        # A rule across steps (the level the 申报区域 recognises) is checked once ① is filled in.
        WIZARD.save_section(actor=hw.person, key="info", data={"area": hw.region.pk, "work_unit": hw.unit.pk})
        saved = WIZARD.save_section(actor=hw.person, key="specialty", data={"qualification": hw.catalog.lecturer.pk})
        assert not saved.complete and "自治区时只能认定副高级、正高级" in saved.messages[0]
        assert saved.form.non_field_errors() == saved.messages  # shown on the step itself
        draft = WIZARD.draft_get(hw.person)
        assert [s.key for s in WIZARD.sections if WIZARD.is_complete(s.key, draft)] == ["info", "recognizer"]

    def test_one_call_lists_everything_unmet(self, hw):
        draft = WIZARD.draft_get(hw.person)
        assert draft.pk is None
        assert WIZARD.unmet_conditions(draft) == [
            ("我的信息", "请选择申报区域"), ("我的信息", "请选择工作单位"), ("选择认定专业", "请选择认定专业")]
        WIZARD.save_section(actor=hw.person, key="info", data={"area": hw.region.pk, "work_unit": hw.unit.pk})
        WIZARD.save_section(actor=hw.person, key="specialty", data={"qualification": hw.catalog.senior_engineer.pk})
        unmet = WIZARD.unmet_conditions(WIZARD.draft_get(hw.person))
        assert unmet == [("认定单位", "您选择的申报区域是自治区，认定单位没有选择项时，请联系自治区人社厅。")]


class TestDuplicate:
    def test_shown_on_the_specialty_step(self, hw, login):
        _now_application(hw, hw.catalog.professor)
        client = login(hw.person)
        response = _fill_two_steps(client, hw)
        assert response.status_code == 200
        page = response.content.decode()
        assert _current_step(page) == "2" and DUPLICATE in page and "教师系列/高校教师/教授" in page
        # Another specialty is fine.
        response = client.post(URL + "?step=2", {"qualification": hw.catalog.associate.pk})
        assert response.url == URL + "?step=3"

    def test_made_meanwhile_is_listed_on_step_three(self, hw, login):
        client = login(hw.person)
        assert _fill_two_steps(client, hw).url == URL + "?step=3"
        _now_application(hw, hw.catalog.professor)  # in another tab
        response = client.post(URL + "?step=3", {"go": "finish"})
        assert response.status_code == 200
        page = response.content.decode()
        assert _current_step(page) == "3" and "以下条件尚未满足" in page
        assert f"选择认定专业：您已填报过{timezone.localdate().year}年度" in page and DUPLICATE in page
        assert Application.objects.count() == 1 and Draft.objects.exists()

    def test_created_in_a_race_is_a_message_not_an_error_page(self, hw, login):
        client = login(hw.person)
        _fill_two_steps(client, hw)
        _now_application(hw, hw.catalog.professor)
        # Both checks passed before the other request committed: the unique constraint decides.
        with mock.patch("zhuanji.hours.services.applications.validate_not_duplicate"), \
                mock.patch("zhuanji.hours.forms.validate_not_duplicate"):
            response = client.post(URL + "?step=3", {"go": "finish"})
        assert response.status_code == 200
        assert "认定单位：" in response.content.decode() and DUPLICATE in response.content.decode()
        assert Application.objects.count() == 1 and Draft.objects.exists()

    def test_the_service_refuses_in_a_race(self, hw):
        _now_application(hw, hw.catalog.professor)
        with mock.patch("zhuanji.hours.services.applications.validate_not_duplicate"), \
                pytest.raises(ValidationError) as exc:
            _now_application(hw, hw.catalog.professor)
        assert exc.value.error_dict["qualification"][0].code == "duplicate"


class TestStepParameter:
    @pytest.mark.parametrize("step", ["-1", "0", "abc", "", "1.5", "99999999999999999999999", "4", "３", "٣",
                                      "1" * 5000])
    def test_bad_steps_clamp(self, hw, login, step):
        client = login(hw.person)
        response = client.get(URL, {"step": step})
        assert response.status_code == 200 and _current_step(response.content.decode()) == "1"
        response = client.post(URL + f"?step={step}", {"area": hw.region.pk, "work_unit": hw.unit.pk})
        assert response.status_code in (200, 302)

    def test_huge_step_goes_no_further_than_filled(self, hw, login):
        client = login(hw.person)
        _fill_two_steps(client, hw)
        assert _current_step(client.get(URL + "?step=99").content.decode()) == "3"
        assert _current_step(client.get(URL + "?step=-1").content.decode()) == "1"

    def test_a_later_step_is_saved_but_the_first_incomplete_one_is_shown(self, hw, login):
        client = login(hw.person)
        response = client.post(URL + "?step=2", {"qualification": hw.catalog.professor.pk})
        assert response.status_code == 302 and response.url == URL + "?step=3"
        assert WIZARD.cleaned(Draft.objects.get(), "specialty") == {"qualification": hw.catalog.professor}
        assert _current_step(client.get(response.url).content.decode()) == "1"

    def test_finishing_an_empty_wizard_lists_what_is_missing(self, hw, login):
        response = login(hw.person).post(URL + "?step=3", {"go": "finish"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "我的信息：请选择申报区域" in page and "选择认定专业：请选择认定专业" in page
        assert not Application.objects.exists()


class TestSubmitListsEverythingUnmet:
    def test_service_refusal_names_every_condition(self, draft, hw):
        hw.unit.legal_representative = ""
        hw.unit.save()
        add_item(draft, hours=20, evidence=False, title="没有材料的研修")
        add_item(draft, hours=10, category="lecture", evidence=False, title="没有材料的讲座")
        add_item(draft, hours=5, category="lecture", title="有材料的讲座")
        with pytest.raises(ValidationError) as exc:
            application_submit(actor=hw.person, application=draft)
        messages = exc.value.messages
        assert len(messages) == 4 and {e.code for e in exc.value.error_list} == {"unmet"}
        assert messages[0].startswith("1、基本信息：") and "单位信息不完整" in messages[0]
        assert messages[1] == "3、高级研修项目、进修项目：请为以下项目上传佐证材料：没有材料的研修"
        assert messages[2] == "5、宣讲、巡讲、培训班、学术会议、专题讲座等：请为以下项目上传佐证材料：没有材料的讲座"
        assert messages[3] == "12、提交审核：申请总学时达到60学时后才能提交审核（当前35学时）"
        draft.case.refresh_from_db()
        assert draft.case.state == CaseState.DRAFT

    def test_list_above_the_submit_button(self, draft, hw, login):
        client = login(hw.person)
        add_item(draft, hours=60, evidence=False, title="没有材料的研修")
        edit = reverse("hours:edit", args=[draft.pk]) + "?s=12"
        page = client.get(edit).content.decode()
        unmet = page.index("提交审核前请先完成以下事项")
        assert unmet < page.index('<button class="btn btn-primary" disabled')
        assert "3、高级研修项目、进修项目：请为以下项目上传佐证材料：没有材料的研修" in page
        response = client.post(reverse("hours:submit", args=[draft.pk]), follow=True)
        page = response.content.decode()
        assert "暂不能提交审核，尚有1项条件未满足" in page and "没有材料的研修" in page

    def test_nothing_listed_when_ready(self, ready, hw, login):
        page = login(hw.person).get(reverse("hours:edit", args=[ready.pk]) + "?s=12").content.decode()
        assert "提交审核前请先完成以下事项" not in page and "disabled aria-disabled" not in page
