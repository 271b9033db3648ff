import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhuanji.certificates.models import BulkIssueJob, Certificate
from zhuanji.certificates.services import certificate_replace
from zhuanji.common.fakeids import make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def verify(client, number, name):
    return client.get(reverse("certificates:verify"), {"number": number, "name": name})


def result_section(response) -> str:
    text = response.content.decode()
    start = text.index('aria-label="查询结果"')
    return text[start:text.index("</section>", start)]


def test_verify_valid_void_and_not_found(client, issue, world):
    cert = issue()
    response = verify(client, cert.number, "张伟")
    text = response.content.decode()
    assert response.status_code == 200 and "真实有效" in text
    assert cert.id_number not in text and cert.id_number[:4] + "*" in text

    wrong = result_section(verify(client, cert.number, "李四"))
    unknown = result_section(verify(client, "ZC2099000001", "张伟"))
    assert "未查询到" in wrong and wrong == unknown and cert.number not in wrong

    new = certificate_replace(actor=world.title_office_staff, certificate=cert, reason="证书丢失补办")
    text = verify(client, cert.number, "张伟").content.decode()
    assert "已废止" in text and new.number in text and "证书丢失补办" in text


def test_verify_reports_a_tampered_row(client, issue):
    cert = issue()
    Certificate.objects.filter(pk=cert.pk).update(qualification="教授")
    assert "校验未通过" in verify(client, cert.number, "张伟").content.decode()


def test_qr_link_opens_the_verification(client, issue):
    cert = issue()
    response = client.get(reverse("certificates:verify_qr", args=[cert.verify_token]))
    assert response.status_code == 200 and "真实有效" in response.content.decode()
    assert "未查询到" in client.get(reverse("certificates:verify_qr", args=["nope"])).content.decode()


def test_verification_is_rate_limited_per_ip(client, issue, settings):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    cert = issue()
    codes = [verify(client, cert.number, "张伟").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other_ip = client.get(reverse("certificates:verify"), {"number": cert.number, "name": "张伟"},
                          REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200
    api = client.get("/api/v1/certificates/verify", {"number": cert.number, "name": "张伟"})
    assert api.status_code == 429


def test_verify_api_and_its_schema(client, issue):
    cert = issue()
    data = client.get("/api/v1/certificates/verify", {"number": cert.number, "name": "张伟"}).json()
    assert data["result"] == "valid" and data["label"] == "真实有效" and "*" in data["id_number"]
    unknown = client.get("/api/v1/certificates/verify", {"number": cert.number, "name": "x"}).json()
    assert set(unknown) == set(data) and (unknown["result"], unknown["label"]) == ("not_found", "未查询到")
    assert all(value in ("", None, False, []) for key, value in unknown.items() if key not in ("result", "label"))
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/certificates/verify" in schema["paths"]


def test_my_certificates_list_only_mine_and_download_the_stored_pdf(login, issue, world):
    mine = issue()
    theirs = issue(holder=world.other_person)
    client = login(world.person)
    text = client.get(reverse("certificates:mine")).content.decode()
    assert mine.number in text and theirs.number not in text and "已签名" in text and "下载证书" in text
    response = client.get(reverse("certificates:download", args=[mine.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == mine.pdf.open("rb").read()
    assert client.get(reverse("certificates:download", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("certificates:detail", args=[theirs.pk])).status_code == 404


def test_hours_tab_shows_the_recognition_columns(login, issue, world):
    issue(kind="hours", issuer=world.competent, actor=world.competent_staff, filled_year=2023, year=2023,
          hours=60, qualification_path="工程系列(正高)/水利专业/正高级工程师")
    text = login(world.person).get(reverse("certificates:mine"), {"kind": "hours"}).content.decode()
    for label in ("填报年度", "认定年度", "姓名", "认定专业", "认定单位", "签证状态", "已签名", "下载证书"):
        assert label in text
    assert world.competent.name in text


def test_issued_list_filters_exports_and_keeps_its_query_count(login, issue, world):
    first = issue()
    issue(holder=world.other_person, year=2024)
    client = login(world.title_office_staff)
    text = client.get(reverse("certificates:issued"), {"year": 2025}).content.decode()
    assert first.number in text and "共1条" in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("certificates:issued_export")).content))
    rows = list(workbook.active.values)
    assert rows[0][1] == "证书编号" and len(rows) == 3 and "*" in rows[1][5]
    assert "暂无数据" in login(world.competent_staff).get(reverse("certificates:issued")).content.decode()

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("certificates:issued")).status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for _ in range(4):
        issue(holder=world.person)
    assert count_queries() == few


def test_my_list_query_count_does_not_grow(login, issue, world):
    issue()
    client = login(world.person)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("certificates:mine"))
    few = len(ctx.captured_queries)
    for _ in range(3):
        issue()
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("certificates:mine"))
    assert len(ctx.captured_queries) == few


def test_bulk_issue_from_the_page(login, world, qualifications, django_capture_on_commit_callbacks):
    senior, _ = qualifications
    client = login(world.title_office_staff)
    page = client.get(reverse("certificates:bulk_create")).content.decode()
    assert 'class="qual-picker"' in page and f'<option value="{senior.pk}">{senior.label}</option>' in page
    form = {"kind": "title", "title": "2025年批文发证", "year": 2025, "qualification": senior.pk,
            "id_numbers": f"{world.person.person.id_number}\n{world.other_person.person.id_number}\n"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:bulk_create"), form)
    assert response.status_code == 302
    job = BulkIssueJob.objects.get()
    assert job.fields == {"year": 2025, "series": "工程系列", "specialty": "水利专业", "qualification": "正高级工程师",
                          "level": "正高", "qualification_path": "工程系列/水利专业/正高级工程师(正高)"}
    detail = client.get(response.url)
    assert "已完成" in detail.content.decode() and Certificate.objects.count() == 2
    assert set(Certificate.objects.values_list("qualification_path", flat=True)) == {senior.path}
    partial = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="bulk-progress"' in partial and "<html" not in partial


def bulk_post(client, world, **fields):
    data = {"kind": "title", "title": "t", "year": 2025, "id_numbers": world.person.person.id_number, **fields}
    return client.post(reverse("certificates:bulk_create"), data)


@pytest.mark.parametrize("choice, message", [
    ("exam_only", "为以考代评资格"), ("unknown", "所选资格不存在或已停用"), ("", "请选择资格")])
def test_bulk_form_refuses_a_missing_unknown_or_exam_only_qualification(login, world, qualifications, choice,
                                                                        message):
    _, exam_only = qualifications
    value = {"exam_only": exam_only.pk, "unknown": 999999, "": ""}[choice]
    response = bulk_post(login(world.title_office_staff), world, qualification=value)
    assert response.status_code == 200 and message in response.content.decode()
    assert not BulkIssueJob.objects.exists()


def test_bulk_public_ce_needs_no_qualification(login, world):
    response = bulk_post(login(world.title_office_staff), world, kind="ce_public")
    assert response.status_code == 302
    assert BulkIssueJob.objects.get().fields == {"year": 2025}


def test_bulk_form_names_unregistered_id_numbers(login, world):
    response = login(world.title_office_staff).post(reverse("certificates:bulk_create"), {
        "kind": "title", "title": "t", "year": 2025, "id_numbers": make_id_number(777)})
    assert response.status_code == 200 and "未注册个人账号" in response.content.decode()


def test_bulk_start_is_post_only(login, world):
    from zhuanji.certificates.services import bulk_job_create

    job = bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind="title", title="t",
                          year=2025, holders=[world.person])
    client = login(world.title_office_staff)
    assert client.get(reverse("certificates:bulk_start", args=[job.pk])).status_code == 405
