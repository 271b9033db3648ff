"""Access matrix (STYLE #10): the one download URL × every persona, on a 学时认定 application's 佐证材料 — the
applicant and the unit the application was submitted to see it, everyone else gets a 404; and every URL that
serves a stored file sends an anonymous visitor to log in."""

import pytest
from django.urls import reverse

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, row
from tests.certificates.conftest import jpeg_upload, pdf_upload
from tests.hours.conftest import TODAY, add_item, hours_catalog, hw  # noqa: F401 - fixtures
from zhuanji.accounts.services import ticket_submit
from zhuanji.attachments import urls
from zhuanji.certificates.services import request_create
from zhuanji.hours.services import application_create, application_submit

from .conftest import png_bytes, upload

MATRIX = {
    "download": get(row(404, person=200, unit_admin=200), args=lambda o: [o["evidence"].key]),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(hw):  # noqa: F811
    application = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                     qualification=hw.catalog.associate, today=TODAY)
    item = add_item(application, hours=60)
    application_submit(actor=hw.person, application=application)
    return {"evidence": item.evidence.get()}


test_access_matrix = access_matrix_test(urls, MATRIX)


def test_no_file_url_serves_an_anonymous_visitor(hw, issue, login):  # noqa: F811
    cert = issue()
    request = request_create(actor=hw.person, kind="correction", certificate=cert, reason="更正",
                             evidence=[pdf_upload()], changes={"03": "回族"}, new_photo=jpeg_upload())
    ticket = ticket_submit(name=hw.person.name, identifier=hw.person.username, phone="13700000001", reason="停机",
                           id_photo=upload(png_bytes(), "身份证.png"))
    application = application_create(actor=hw.person, area=hw.region, work_unit=hw.unit,
                                     qualification=hw.catalog.professor, today=TODAY)
    files = {
        "hours evidence": add_item(application).evidence.get(),
        "request evidence": request.evidence[0],
        "correction photo": request.new_photo,
        "recovery ID photo": ticket.id_photo,
        "personal photo": hw.person.person.photo,
    }
    urls_ = {name: reverse("attachments:download", args=[a.key]) for name, a in files.items()}
    urls_["certificate PDF"] = reverse("certificates:download", args=[cert.pk])
    client = login(None)
    for name, url in urls_.items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), name
    # Another unit's administrator: a 404 for each of them.
    client = login(hw.other_unit_admin)
    for name, url in urls_.items():
        assert client.get(url).status_code == 404, name
