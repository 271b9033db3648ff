"""The picker's named scopes (a committee's 可评审专业) and `select_whole` (a whole 系列 or 专业 as a choice)."""

import json

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from zhuanji.catalog.models import Level, Qualification
from zhuanji.catalog.scopes import CatalogPick, CatalogScope, RangeScope
from zhuanji.catalog.selectors import qualifications_offered
from zhuanji.catalog.widgets import QualificationPickerField
from zhuanji.orgs.models import CommitteeScope
from zhuanji.orgs.scopes import CommitteeScopeOf

pytestmark = pytest.mark.django_db


def grant(committee, target, *levels):
    pick = CatalogPick.of(target)
    levels = levels or (pick.qualification.level,)
    for level in levels:
        CommitteeScope.objects.create(committee=committee, level=level, **pick.range_fields())


@pytest.fixture
def scoped(world, catalog):
    """world.committee may evaluate the whole 教师系列 at 正高/副高, and 工程系列/机械电子专业/工程师(中级)."""
    grant(world.committee, catalog.teachers, Level.SENIOR_FULL, Level.SENIOR_DEPUTY)
    grant(world.committee, catalog.engineer)
    return catalog


class FilingForm(forms.Form):
    """What a committee's filing step ② says: only qualifications this committee may evaluate."""

    qualifications = QualificationPickerField(label="备案资格", multiple=True, exclude_exam_only=True)

    def __init__(self, *args, committee, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualifications"].scope = CommitteeScopeOf(committee, levels=levels)


class OneForm(forms.Form):
    qualification = QualificationPickerField(label="申报资格")


class RangeForm(forms.Form):
    target = QualificationPickerField(label="培训范围", select_whole=True)


class RangesForm(forms.Form):
    targets = QualificationPickerField(label="培训范围", multiple=True, select_whole=True, exclude_exam_only=True)


def cleaned(form, name):
    assert form.is_valid(), form.errors
    return form.cleaned_data[name]


def render(form) -> str:
    request = RequestFactory().get("/")
    return Template("{% for f in form %}{% field f %}{% endfor %}").render(Context({"form": form, "request": request}))


# ---- scopes --------------------------------------------------------------------------------------------------

def test_a_committee_scope_covers_its_series_levels_and_single_qualifications(world, scoped):
    offered = set(qualifications_offered(scope=CommitteeScopeOf(world.committee)))
    assert offered == {scoped.professor, Qualification.objects.get(code="0300102"), scoped.engineer}
    assert set(qualifications_offered(scope=CommitteeScopeOf(world.committee, levels=[Level.INTERMEDIATE]))) == {
        scoped.engineer}
    other = CommitteeScopeOf(world.competent)  # an organisation with no 可评审专业 offers nothing
    assert not qualifications_offered(scope=other).exists()


def test_the_filing_form_refuses_a_qualification_outside_the_committee_scope(world, scoped):
    form = FilingForm({"qualifications": [scoped.professor.pk, scoped.lecturer.pk]}, committee=world.committee)
    assert form.errors["qualifications"] == ["“教师系列/高校教师/讲师(中级)”不在本评审委员会的可评审专业内"]
    form = FilingForm({"qualifications": [scoped.engineer.pk]}, committee=world.committee,
                      levels=Level.high())
    assert "不在本评审委员会的可评审专业内" in form.errors["qualifications"][0]
    form = FilingForm({"qualifications": [scoped.professor.pk, scoped.engineer.pk]}, committee=world.committee)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["qualifications"]) == {scoped.professor, scoped.engineer}


def test_a_scope_given_at_declaration_and_the_exam_only_rule_still_named_first(world, scoped):
    grant(world.committee, scoped.attending)  # 以考代评, granted by mistake

    class Declared(forms.Form):
        qualification = QualificationPickerField(label="资格", exclude_exam_only=True,
                                                 scope=CommitteeScopeOf(world.committee))

    assert Declared({"qualification": scoped.attending.pk}).errors["qualification"] == [
        "“卫生系列/内科学/主治医师(中级)”为以考代评资格，不能申报评审"]
    assert "不在" in Declared({"qualification": scoped.lecturer.pk}).errors["qualification"][0]
    assert Declared({"qualification": "999999"}).errors["qualification"] == ["所选资格不存在或已停用"]
    assert Declared({"qualification": scoped.professor.pk}).is_valid()


def test_the_scoped_picker_offers_only_the_scope_and_passes_it_to_the_cascade(world, scoped, login):
    html = render(FilingForm(committee=world.committee))
    assert "教授(正高)" in html and "工程师(中级)" in html
    assert "讲师(中级)" not in html and "卫生系列" not in html and "助理工程师" not in html
    hx_vals = html.split('hx-vals="', 1)[1].split('"', 1)[0].replace("&quot;", '"')
    token = json.loads(hx_vals)["scope"]
    assert CatalogScope.from_token(token) == CommitteeScopeOf(world.committee)

    client = login(world.committee_admin)
    url = reverse("catalog:options")
    page = client.get(url, {"series": scoped.teachers.pk, "scope": token}).content.decode()
    assert "高校教师" in page
    page = client.get(url, {"specialty": scoped.university.pk, "scope": token}).content.decode()
    assert "教授(正高)" in page and "副教授(副高)" in page and "讲师" not in page
    page = client.get(url, {"series": scoped.engineering.pk, "scope": token}).content.decode()
    assert "机械电子专业" in page and "计算机技术与软件专业" not in page
    page = client.get(url, {"q": "教", "scope": token}).content.decode()
    assert "教授" in page and "讲师" not in page and "助教" not in page
    # A token that does not verify (edited, or made for something else) offers nothing at all.
    page = client.get(url, {"specialty": scoped.university.pk, "scope": token[:-2] + "xx"}).content.decode()
    assert "教授" not in page and "暂无可选资格" in page


def test_a_range_scope_refuses_what_is_not_a_catalog_range_model(world):
    with pytest.raises(TypeError):
        RangeScope(type(world.committee), committee=world.committee)
    with pytest.raises(ValueError):
        CommitteeScopeOf(world.committee, levels=["特级"])
    assert CatalogScope.from_token("nonsense") is None


# ---- select_whole --------------------------------------------------------------------------------------------

def test_select_whole_cleans_to_what_was_chosen(catalog):
    form = RangeForm({"target": f"series:{catalog.teachers.pk}"})
    assert form.is_valid(), form.errors
    pick = form.cleaned_data["target"]
    assert (pick.kind, pick.obj, pick.path) == ("series", catalog.teachers, "教师系列（整个系列）")
    assert set(pick.qualifications()) == set(Qualification.objects.filter(specialty__series=catalog.teachers))

    pick = cleaned(RangeForm({"target": f"specialty:{catalog.mechanical.pk}"}), "target")
    assert (pick.kind, pick.series, pick.specialty, pick.qualification) == (
        "specialty", catalog.engineering, catalog.mechanical, None)
    assert pick.path == "工程系列/机械电子专业（整个专业）"

    pick = cleaned(RangeForm({"target": str(catalog.professor.pk)}), "target")
    assert (pick.kind, pick.qualification, pick.value) == ("qualification", catalog.professor,
                                                           str(catalog.professor.pk))
    assert list(pick.qualifications()) == [catalog.professor]


def test_select_whole_refuses_unknown_values_and_is_required(catalog):
    assert RangeForm({}).errors["target"] == ["请选择资格"]
    for value in ("series:999999", "specialty:abc", "county:1", f"series:{catalog.mechanical.pk}x", "999999"):
        assert RangeForm({"target": value}).errors["target"] == ["所选系列、专业或资格不存在或已停用"], value


def test_select_whole_multiple_with_exam_only_excluded(catalog):
    data = {"targets": [f"series:{catalog.engineering.pk}", str(catalog.professor.pk),
                        f"series:{catalog.engineering.pk}"]}
    form = RangesForm(data)
    assert form.is_valid(), form.errors
    picks = form.cleaned_data["targets"]
    assert [p.kind for p in picks] == ["series", "qualification"]  # a repeated value counts once
    # The whole 工程系列 covers what the field offers: not the 以考代评 软件 工程师.
    assert catalog.software_engineer not in picks[0].qualifications()
    assert RangesForm({"targets": [f"specialty:{catalog.software.pk}"]}).errors["targets"] == [
        "所选系列、专业或资格不存在或已停用"]  # a specialty with nothing but 以考代评
    assert "以考代评" in RangesForm({"targets": [str(catalog.attending.pk)]}).errors["targets"][0]


def test_select_whole_within_a_scope(world, scoped):
    class Scoped(forms.Form):
        target = QualificationPickerField(label="范围", select_whole=True)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["target"].scope = CommitteeScopeOf(world.committee)

    pick = cleaned(Scoped({"target": f"series:{scoped.engineering.pk}"}), "target")
    assert list(pick.qualifications()) == [scoped.engineer]  # the series, as far as the scope goes
    assert Scoped({"target": f"series:{scoped.health.pk}"}).errors["target"]
    assert "不在本评审委员会的可评审专业内" in Scoped({"target": str(scoped.lecturer.pk)}).errors["target"][0]


def test_select_whole_renders_whole_options_and_buttons_and_keeps_initial(catalog, django_assert_max_num_queries):
    form = RangesForm(initial={"targets": [catalog.teachers, catalog.professor]})
    with django_assert_max_num_queries(2):
        html = render(form)
    assert f'<optgroup label="教师系列"><option value="series:{catalog.teachers.pk}" selected ' in html
    whole = (f'<option value="specialty:{catalog.university.pk}" data-path="教师系列/高校教师（整个专业）">'
             "整个专业</option>")
    assert whole in html
    assert 'data-picker-whole="series"' in html and 'data-picker-whole="specialty"' in html
    assert f'data-value="series:{catalog.teachers.pk}">教师系列（整个系列） <button' in html
    assert f'data-value="{catalog.professor.pk}">教师系列/高校教师/教授(正高) <button' in html
    bound = RangesForm({"targets": [f"series:{catalog.teachers.pk}", str(catalog.professor.pk)]},
                       initial={"targets": [catalog.teachers, catalog.professor]})
    assert not bound.has_changed()
    assert "data-picker-whole" not in render(OneForm())
