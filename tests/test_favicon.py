"""The favicon: linked from every page, and /favicon.ico (asked for by browsers regardless) redirects to it."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def test_the_icon_is_an_svg_in_the_theme_blue():
    path = finders.find("zhuanji/favicon.svg")
    assert path is not None
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and "#0d6efd" in Path(path).read_text(encoding="utf-8")


@pytest.mark.django_db
def test_pages_link_the_icon(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'<link rel="icon" href="{static("zhuanji/favicon.svg")}" type="image/svg+xml">' in html


def test_favicon_ico_redirects_permanently_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == static("zhuanji/favicon.svg")
