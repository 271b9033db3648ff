import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuanji.catalog.models import Level, Qualification, Series, Specialty

from .conftest import ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def test_options_series_gives_specialties_grouped(world, catalog, login):
    client = login(world.person)
    html = client.get(reverse("catalog:options"), {"series": catalog.teachers.pk}).content.decode()
    assert '<option value="">请选择专业</option>' in html
    assert '<optgroup label="高等学校">' in html
    assert f'<option value="{catalog.university.pk}">高校教师</option>' in html


def test_options_specialty_gives_qualifications_with_levels(world, catalog, login):
    client = login(world.person)
    html = client.get(reverse("catalog:options"), {"specialty": catalog.university.pk}).content.decode()
    option = f'<option value="{catalog.professor.pk}" data-path="教师系列/高校教师/教授(正高)">教授(正高)</option>'
    assert option in html


def test_options_exclude_exam_only_and_search(world, catalog, login):
    client = login(world.person)
    url = reverse("catalog:options")
    html = client.get(url, {"specialty": catalog.internal.pk, "exclude_exam_only": "1"}).content.decode()
    assert "主任医师" in html and "主治医师" not in html
    html = client.get(url, {"series": catalog.engineering.pk, "exclude_exam_only": "1"}).content.decode()
    assert "计算机技术与软件专业" not in html
    html = client.get(url, {"q": "内科"}).content.decode()
    assert ">卫生系列/内科学/主治医师(中级)</option>" in html
    html = client.get(url, {"q": "内科", "exclude_exam_only": "1"}).content.decode()
    assert "主治医师" not in html
    html = client.get(url, {"specialty": "abc"}).content.decode()
    assert "暂无可选资格" in html


def add_qualifications(specialty: Specialty, n: int, prefix: str):
    Qualification.objects.bulk_create(
        Qualification(specialty=specialty, code=f"{prefix}{i:04d}", name=f"资格{i}", level=Level.INTERMEDIATE)
        for i in range(n))


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(("url_name", "params"), [
    ("qualification_list", {"size": "50"}),
    ("specialty_list", {"size": "50"}),
    ("series_list", {"size": "50"}),
])
def test_list_pages_query_count_does_not_grow_with_rows(world, catalog, login, url_name, params):
    client = login(world.platform_admin)
    url = reverse(f"catalog:{url_name}")
    few = count_queries(client, url, params)
    for i in range(20):
        series = Series.objects.create(code=f"9{i:02d}", name=f"测试系列{i}", sort=100 + i)
        specialty = Specialty.objects.create(series=series, code=f"9{i:04d}", name=f"测试专业{i}")
        add_qualifications(specialty, 2, f"9{i:02d}")
    assert count_queries(client, url, params) == few


def test_options_query_count_does_not_grow_with_rows(world, catalog, login):
    client = login(world.person)
    url = reverse("catalog:options")
    few = count_queries(client, url, {"specialty": catalog.mechanical.pk})
    add_qualifications(catalog.mechanical, 20, "77")
    assert count_queries(client, url, {"specialty": catalog.mechanical.pk}) == few


def test_qualification_list_filters(world, catalog, login):
    client = login(world.platform_admin)
    url = reverse("catalog:qualification_list")
    page = client.get(url, {"series": catalog.health.pk, "exam_only": "1"}).context["page"]
    assert [q.code for q in page.object_list] == ["0400102"]
    page = client.get(url, {"q": "高校", "level": Level.SENIOR_FULL}).context["page"]
    assert [q.code for q in page.object_list] == ["0300101"]
    html = client.get(url, {"q": "不存在的资格"}).content.decode()
    assert "暂无数据" in html and "共0条" in html


def test_toggle_exam_only_redirects_back_or_returns_the_cell_to_htmx(world, catalog, login):
    client = login(world.platform_admin)
    url = reverse("catalog:qualification_exam_only", kwargs={"pk": catalog.engineer.pk})
    back = reverse("catalog:qualification_list") + "?q=00189"
    response = client.post(url, {"exam_only": "1", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    catalog.engineer.refresh_from_db()
    assert catalog.engineer.exam_only is True

    response = client.post(url, {"exam_only": "0", "next": "https://evil.example/"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "设为以考代评" in response.content.decode()
    catalog.engineer.refresh_from_db()
    assert catalog.engineer.exam_only is False

    response = client.post(url, {"exam_only": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("catalog:qualification_list")


def test_upload_good_file_imports_and_reports_counts(world, login):
    client = login(world.platform_admin)
    upload = SimpleUploadedFile("catalog.csv", csv_bytes(), content_type="text/csv")
    response = client.post(reverse("catalog:import"), {"file": upload}, follow=True)
    assert "导入成功" in response.content.decode()
    assert Qualification.objects.count() == 11


def test_upload_bad_file_shows_every_error_in_a_table_and_imports_nothing(world, login):
    client = login(world.platform_admin)
    data = csv_bytes(ROWS + "01,工程系列,,00189,机械电子专业,0018999,总工程师,特级,,否\n"
                            "01,工程系列,,00189,机械电子专业,0018901,重复,中级,,否\n")
    response = client.post(reverse("catalog:import"), {"file": SimpleUploadedFile("c.csv", data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "文件有2处错误，未导入任何内容" in html
    assert "<td>第13行</td><td>级别</td>" in html and "<td>第14行</td><td>资格代码</td>" in html
    assert Qualification.objects.count() == 0


def test_upload_without_file_says_so(world, login):
    client = login(world.platform_admin)
    response = client.post(reverse("catalog:import"), {})
    assert "请选择要上传的文件" in response.content.decode()


def test_export_is_a_file_the_importer_takes_back(world, catalog, login):
    client = login(world.platform_admin)
    response = client.get(reverse("catalog:export"))
    assert response["Content-Disposition"] == 'attachment; filename="catalog.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 12 and rows[1][:5] == ["01", "工程系列", "", "00189", "机械电子专业"]
    upload = SimpleUploadedFile("catalog.csv", response.content)
    assert client.post(reverse("catalog:import"), {"file": upload}).status_code == 302


def test_menu_and_tile_show_for_catalog_managers_only(world, login):
    html = login(world.platform_admin).get(reverse("portal:matrix")).content.decode()
    assert "职称目录管理" in html and reverse("catalog:qualification_list") in html
    html = login(world.unit_admin).get(reverse("portal:matrix")).content.decode()
    assert "职称目录管理" not in html
