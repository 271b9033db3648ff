"""Access matrix: every URL of the app × every persona (STYLE.md #10). A URL without a row fails."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PERSONAS
from zhuanji.certificates import urls
from zhuanji.certificates.services import bulk_job_create, request_create

from .conftest import jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db

ISSUERS = {"competent_staff", "hr_department_staff", "hr_bureau_staff", "title_office_staff",
           "prefecture_title_office_staff", "ce_base_admin"}
HOLDERS = {"person", "other_person"}


def only(allowed: set[str], code: int = 200, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {p: anonymous if p == "anonymous" else code if p in allowed else others for p in PERSONAS}


EVERYONE = dict.fromkeys(PERSONAS, 200)
HOLDER_AND_ISSUER = only({"person", "title_office_staff"}, others=404)

# url name → (method, args from the objects, expected status per persona)
MATRIX = {
    "verify": ("get", lambda o: [], EVERYONE),
    "verify_qr": ("get", lambda o: [o["cert"].verify_token], EVERYONE),
    "mine": ("get", lambda o: [], only(HOLDERS)),
    "detail": ("get", lambda o: [o["cert"].pk], HOLDER_AND_ISSUER),
    "download": ("get", lambda o: [o["cert"].pk], HOLDER_AND_ISSUER),
    "issued": ("get", lambda o: [], only(ISSUERS)),
    "issued_export": ("get", lambda o: [], only(ISSUERS)),
    "bulk_list": ("get", lambda o: [], only(ISSUERS)),
    "bulk_create": ("get", lambda o: [], only(ISSUERS)),
    "bulk_detail": ("get", lambda o: [o["job"].pk], only({"title_office_staff"}, others=404)),
    "bulk_start": ("post", lambda o: [o["job"].pk], only({"title_office_staff"}, code=302, others=404)),
    "loss_list": ("get", lambda o: [], only(HOLDERS)),
    "loss_create": ("get", lambda o: [], only(HOLDERS)),
    "correction_list": ("get", lambda o: [], only(HOLDERS)),
    "correction_create": ("get", lambda o: [], only(HOLDERS)),
    "request_detail": ("get", lambda o: [o["req"].pk], HOLDER_AND_ISSUER),
    "request_resubmit": ("post", lambda o: [o["req"].pk], only({"person"}, code=302, others=404)),
    "request_evidence": ("get", lambda o: [o["req"].pk, o["req"].evidence.get().pk], HOLDER_AND_ISSUER),
    "request_photo": ("get", lambda o: [o["req"].pk], HOLDER_AND_ISSUER),
}


def test_every_url_has_a_row():
    assert {p.name for p in urls.urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access_matrix(url_name, world, login, issue, monkeypatch):
    monkeypatch.setattr("zhuanji.certificates.tasks.bulk_issue.delay", lambda job_id: None)
    cert = issue()
    objects = {"cert": cert,
               "req": request_create(actor=world.person, kind="correction", certificate=cert, reason="更正",
                                     evidence=[pdf_upload()], changes={"03": "回族"}, new_photo=jpeg_upload()),
               "job": bulk_job_create(actor=world.title_office_staff, issuer=world.title_office, kind="title",
                                      title="批次", year=2025, holders=[world.other_person])}
    method, args, expected = MATRIX[url_name]
    url = reverse(f"certificates:{url_name}", args=args(objects))
    got = {}
    for persona in PERSONAS:
        cache.clear()
        client = login(None if persona == "anonymous" else getattr(world, persona))
        got[persona] = getattr(client, method)(url).status_code
    assert got == expected
