import pytest

from zhuanji.catalog import selectors
from zhuanji.catalog.models import Level, Qualification, Specialty

pytestmark = pytest.mark.django_db


def test_three_columns_of_the_picker(catalog):
    assert list(selectors.series_list()) == [catalog.engineering, catalog.teachers, catalog.health]
    assert list(selectors.specialty_list(catalog.engineering)) == [catalog.mechanical, catalog.software]
    assert [q.label for q in selectors.qualification_list(catalog.university)] == \
        ["教授(正高)", "副教授(副高)", "讲师(中级)", "助教(初级)"]


def test_exam_only_exclusion_drops_qualifications_and_emptied_specialties(catalog):
    assert list(selectors.specialty_list(catalog.engineering, exclude_exam_only=True)) == [catalog.mechanical]
    assert [q.name for q in selectors.qualification_list(catalog.internal, exclude_exam_only=True)] == ["主任医师"]
    Specialty.objects.filter(pk=catalog.mechanical.pk).update(is_active=False)
    assert catalog.engineering not in selectors.series_list(exclude_exam_only=True)
    assert catalog.engineering in selectors.series_list()


def test_qualification_get_returns_active_with_path(catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.qualification_get(catalog.professor.pk).path == "教师系列/高校教师/教授(正高)"
    Qualification.objects.filter(pk=catalog.professor.pk).update(is_active=False)
    with pytest.raises(Qualification.DoesNotExist):
        selectors.qualification_get(catalog.professor.pk)


def test_level_helpers_tell_high_from_intermediate_and_junior(catalog):
    assert catalog.professor.is_high and not catalog.lecturer.is_high
    assert Level.is_high(Level.SENIOR_DEPUTY) and not Level.is_high(Level.JUNIOR)
    assert set(Qualification.objects.high().values_list("level", flat=True)) == {Level.SENIOR_FULL,
                                                                                 Level.SENIOR_DEPUTY}
    assert set(Qualification.objects.intermediate_junior().values_list("level", flat=True)) == {Level.INTERMEDIATE,
                                                                                                Level.JUNIOR}


def test_search_over_names_codes_and_groups(catalog):
    assert {q.code for q in selectors.qualification_search("高校")} == {"0300101", "0300102", "0300103", "0300104"}
    assert {q.code for q in selectors.qualification_search("00214")} == {"0021401"}
    assert {q.code for q in selectors.qualification_search("医疗类")} == {"0400101", "0400102"}
    assert [q.code for q in selectors.qualification_search(series=catalog.health, exam_only=True)] == ["0400102"]
    assert [q.code for q in selectors.qualification_search("工程", level=Level.INTERMEDIATE)] == \
        ["0018902", "0021401"]


def test_search_offers_only_active_qualifications_unless_asked(catalog):
    Qualification.objects.filter(pk=catalog.professor.pk).update(is_active=False)
    assert {q.code for q in selectors.qualification_search("高校")} == {"0300102", "0300103", "0300104"}
    assert catalog.professor.code in {q.code for q in selectors.qualification_search("高校", active_only=False)}
