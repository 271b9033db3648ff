"""Access matrix: every URL of the app × every persona (STYLE.md #10). A URL without a row fails."""

from types import SimpleNamespace

import pytest
from django.core.signing import TimestampSigner

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.certificates import urls
from zhuanji.certificates.models import IssuerKey
from zhuanji.certificates.services import bulk_job_create, request_create

from .conftest import jpeg_upload, pdf_upload

ISSUERS = ("competent_staff", "hr_department_staff", "hr_bureau_staff", "title_office_staff",
           "prefecture_title_office_staff", "ce_base_admin")

EVERYONE = row(200, anonymous=200)
HOLDERS_ONLY = row(403, person=200, other_person=200)
ISSUERS_ONLY = row(403, **dict.fromkeys(ISSUERS, 200))
HOLDER_AND_ISSUER = row(404, person=200, title_office_staff=200)

MATRIX = {
    "verify": get(EVERYONE),
    "verify_qr": get(EVERYONE, args=lambda o: [o.cert.verify_token]),
    "mine": get(HOLDERS_ONLY),
    "detail": get(HOLDER_AND_ISSUER, args=lambda o: [o.cert.pk]),
    "download": get(HOLDER_AND_ISSUER, args=lambda o: [o.cert.pk]),
    "issued": get(ISSUERS_ONLY),
    "issued_export": get(ISSUERS_ONLY),
    "bulk_list": get(ISSUERS_ONLY),
    "bulk_create": get(ISSUERS_ONLY),
    "bulk_detail": get(row(404, title_office_staff=200), args=lambda o: [o.job.pk]),
    "bulk_start": post(row(404, title_office_staff=302), args=lambda o: [o.job.pk]),
    "loss_list": get(HOLDERS_ONLY),
    "loss_create": get(HOLDERS_ONLY),
    "correction_list": get(HOLDERS_ONLY),
    "correction_create": get(HOLDERS_ONLY),
    "request_detail": get(HOLDER_AND_ISSUER, args=lambda o: [o.req.pk]),
    "request_resubmit": post(row(404, person=302), args=lambda o: [o.req.pk]),
    # 证书查询 (issue 9 §1): a PDF upload (400 without a file), the photo behind a signed link, the root certificate.
    "verify_file": post(row(400, anonymous=400)),
    "verify_photo": get(EVERYONE, args=lambda o: [TimestampSigner(salt="certificates.verify_photo").sign(o.cert.pk)]),
    "root_certificate": get(EVERYONE, args=lambda o: ["pem"]),
    # 平台管理 › 签名密钥
    "keys": get(row(403, platform_admin=200)),
    "key_rotate": post(row(403, platform_admin=302), data=lambda o: {"org": o.cert.issuer_id, "reason": "定期轮换"}),
    "key_revoke": post(row(404, platform_admin=302), args=lambda o: [IssuerKey.objects.get(key_id=o.cert.key_id).pk],
                       data=lambda o: {"reason": "密钥泄露"}),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world, issue, monkeypatch):
    # Starting a bulk job queues the issuing; the matrix is about who may start it.
    monkeypatch.setattr("zhuanji.certificates.tasks.bulk_issue.delay", lambda job_id: None)
    cert = issue()
    return SimpleNamespace(
        cert=cert,
        req=request_create(actor=world.person, kind="correction", certificate=cert, reason="更正",
                           evidence=[pdf_upload()], changes={"03": "回族"}, new_photo=jpeg_upload()),
        job=bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind="title",
                            title="批次", year=2025, holders=[world.other_person]),
    )


test_access_matrix = access_matrix_test(urls, MATRIX)
