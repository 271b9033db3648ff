"""Every upload path against an HTML page with a PDF or a JPEG header, named x.html (the stored XSS of issue 8 §1):
each refuses it; a real picture carrying a page is stored re-encoded and served as an image, never as HTML."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.hours.conftest import add_item, draft, hours_catalog, hw  # noqa: F401 - fixtures used here
from zhuanji.attachments.models import Attachment

from .conftest import POLYGLOTS, SCRIPT, jpeg_with_html, pdf_bytes, upload

pytestmark = pytest.mark.django_db

CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}


def hours_evidence(ctx, file):
    item = add_item(ctx.draft, evidence=False)
    response = ctx.login(ctx.hw.person).post(reverse("hours:evidence_new", args=[item.pk]),
                                             {"seq": 1, "kind": "佐证材料", "upload": file})
    return response, ctx.hw.person


def certificate_evidence(ctx, file):
    response = ctx.login(ctx.hw.person).post(reverse("certificates:loss_create"), {
        "certificate": ctx.issue().pk, "reason": "搬家遗失", "evidence": [file]})
    return response, ctx.hw.person


def correction_photo(ctx, file):
    response = ctx.login(ctx.hw.person).post(reverse("certificates:correction_create"), {
        "certificate": ctx.issue().pk, "items": ["07"], "new_photo": file, "reason": "更换照片",
        "evidence": [upload(pdf_bytes(), "证明.pdf", "application/pdf")]})
    return response, ctx.hw.person


def recovery_id_photo(ctx, file):
    response = ctx.login(None).post(reverse("accounts:ticket_new"), {
        "name": ctx.hw.person.name, "identifier": ctx.hw.person.username, "phone": "13700000001",
        "reason": "手机号停用", "id_photo": file, **CAPTCHA})
    return response, ctx.hw.platform_admin


def personal_photo(ctx, file):
    response = ctx.login(ctx.hw.other_person).post(reverse("accounts:profile"), {
        "ethnicity": "回族", "phone": "13811112222", "education": "大学本科", "degree": "学士",
        "work_unit": ctx.hw.other_unit.pk, "photo": file})
    return response, ctx.hw.other_person


PATHS = [hours_evidence, certificate_evidence, correction_photo, recovery_id_photo, personal_photo]


@pytest.fixture
def ctx(hw, draft, issue, login):  # noqa: F811 - the hours fixtures imported above
    return SimpleNamespace(hw=hw, draft=draft, issue=issue, login=login)


@pytest.mark.parametrize("polyglot", sorted(POLYGLOTS))
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
def test_every_upload_path_refuses_an_html_page_with_a_file_header(ctx, path, polyglot, settings):
    before = set(Attachment.objects.values_list("stored_name", flat=True))
    response, _viewer = path(ctx, upload(POLYGLOTS[polyglot]))
    html = response.content.decode()
    assert response.status_code == 200 and ("无法识别" in html or "不完整" in html or "文件类型不符" in html), html
    assert set(Attachment.objects.values_list("stored_name", flat=True)) == before
    assert not Attachment.objects.filter(original_name="x.html").exists()
    stored = {p.relative_to(settings.PRIVATE_ROOT).as_posix() for p in settings.PRIVATE_ROOT.rglob("*.*")}
    assert not {n for n in stored if n.startswith("attachments/")} - before


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
def test_a_picture_carrying_a_page_is_served_re_encoded_as_an_image(ctx, path, login):
    response, viewer = path(ctx, upload(jpeg_with_html()))
    assert response.status_code in (200, 302)
    attachment = Attachment.objects.get(original_name="x.html")
    assert attachment.mime_type == "image/jpeg"
    download = login(viewer).get(reverse("attachments:download", args=[attachment.key]))
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff" and "sandbox" in download["Content-Security-Policy"]
    assert download["Content-Disposition"] == 'inline; filename="x.jpg"'
    assert body.startswith(b"\xff\xd8\xff") and SCRIPT not in body and b"<html" not in body
    assert login(None).get(reverse("attachments:download", args=[attachment.key])).status_code == 302
    assert login(ctx.hw.other_unit_admin).get(reverse("attachments:download", args=[attachment.key])).status_code \
        == 404
