"""The one download view: 404 unless the owner's declared visibility says yes; headers that never let a file run
as a page of the site; no file under /media/."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reviews.docapp.models import FilingDocument
from zhuanji.attachments.models import Attachment
from zhuanji.attachments.responses import INLINE_CSP
from zhuanji.attachments.services import attachment_add
from zhuanji.common.files import UploadRule
from zhuanji.reviews.services import case_submit

from .conftest import jpeg_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ANY = UploadRule(("jpg", "png", "pdf"), 5)


def _add(world, owner, data, name):
    return attachment_add(actor=world.ce_base_admin, owner=owner, slot="2", upload=upload(data, name), rule=ANY)


def _url(attachment) -> str:
    return reverse("attachments:download", args=[attachment.key])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_image_is_shown_inline_with_a_locked_down_policy(world, filing, login):
    attachment = _add(world, filing, jpeg_bytes(), "现场 照片.html")
    response = login(world.ce_base_admin).get(_url(attachment))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.jpg"
    assert response["Content-Security-Policy"] == INLINE_CSP
    assert "sandbox" in INLINE_CSP and "default-src 'none'" in INLINE_CSP
    assert response["Cache-Control"] == "private, no-store"
    assert _body(response).startswith(b"\xff\xd8\xff")


def test_a_pdf_is_shown_inline_as_a_pdf(world, filing, login):
    response = login(world.ce_base_admin).get(_url(_add(world, filing, pdf_bytes(), "x.html")))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="x.pdf"'
    assert response["Content-Security-Policy"] == INLINE_CSP


def test_a_type_no_rule_knows_is_downloaded_never_rendered(world, filing, login):
    attachment = _add(world, filing, pdf_bytes(), "x.html")
    Attachment.objects.filter(pk=attachment.pk).update(mime_type="text/html")  # a row tampered with
    response = login(world.ce_base_admin).get(_url(attachment))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_who_sees_the_owner_sees_its_files(world, filing, login):
    url = _url(_add(world, filing, pdf_bytes(), "a.pdf"))
    assert login(None).get(url)["Location"].startswith(reverse("accounts:login"))
    assert login(world.ce_base_admin).get(url).status_code == 200
    # A draft: the competent department sees it once submitted to it; other organisations never.
    assert login(world.competent_staff).get(url).status_code == 404
    case_submit(case=filing.case, actor=world.ce_base_admin)
    assert login(world.competent_staff).get(url).status_code == 200
    for persona in ("person", "unit_admin", "other_unit_admin", "hr_department_staff", "platform_admin"):
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_an_undeclared_owner_type_or_a_missing_owner_is_a_404(world, filing, login):
    undeclared = _add(world, world.unit, pdf_bytes(), "a.pdf")  # organisations declare no attachments
    assert login(world.unit_admin).get(_url(undeclared)).status_code == 404
    attachment = _add(world, filing, pdf_bytes(), "a.pdf")
    Attachment.objects.filter(pk=attachment.pk).update(owner_id=FilingDocument.objects.latest("pk").pk + 1)
    assert login(world.ce_base_admin).get(_url(attachment)).status_code == 404


def test_downloads_go_by_key_not_by_sequential_id(world, filing, login):
    attachment = _add(world, filing, pdf_bytes(), "a.pdf")
    client = login(world.ce_base_admin)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client.get(f"/attachments/{attachment.key}/").status_code == 200


def test_no_stored_file_is_reachable_under_media(world, filing, login, issue):
    attachment = _add(world, filing, pdf_bytes(), "a.pdf")
    cert = issue()
    year = timezone.localdate().year
    for client in (login(None), login(world.ce_base_admin), login(world.person)):
        for path in (attachment.stored_name, cert.pdf.name, cert.photo.name,
                     f"certificates/pdf/{year}/{cert.number}.pdf", f"photos/{year}/photo.jpg"):
            assert client.get(f"/media/{path}").status_code == 404, path
