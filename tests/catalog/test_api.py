import pytest

pytestmark = pytest.mark.django_db


def test_catalog_api_walks_series_specialties_qualifications(client, catalog):
    series = client.get("/api/v1/catalog/series").json()
    assert [s["name"] for s in series] == ["工程系列", "教师系列", "卫生系列"]

    specialties = client.get(f"/api/v1/catalog/series/{catalog.teachers.pk}/specialties").json()
    assert specialties == [{"id": catalog.university.pk, "code": "03001", "name": "高校教师", "group": "高等学校"}]

    qualifications = client.get(f"/api/v1/catalog/specialties/{catalog.university.pk}/qualifications").json()
    assert qualifications[0] == {"id": catalog.professor.pk, "code": "0300101", "name": "教授", "level": "senior_full",
                                 "level_label": "正高", "grade": "", "exam_only": False,
                                 "path": "教师系列/高校教师/教授(正高)"}


def test_catalog_api_looks_up_by_code(client, catalog):
    assert client.get("/api/v1/catalog/qualifications/0400102").json()["exam_only"] is True
    assert client.get("/api/v1/catalog/qualifications/nope").status_code == 404
