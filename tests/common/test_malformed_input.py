"""Bad input is a 4xx, never a 5xx (issue 10 §3): NUL and broken UTF-8 are refused at the edge, ids in paths fit a
bigint, raw parameters are parsed with bounds, and `next` is only ever a path on this site."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from tests.factories import PASSWORD
from zhuanji.common.params import parse_id, parse_ids

pytestmark = pytest.mark.django_db

NUL_PAGE = "请求中含有非法字符（空字符）"
ENCODING_PAGE = "不是有效的UTF-8编码"


def _refused(response, text=NUL_PAGE):
    body = response.content.decode()
    return response.status_code == 400 and text in body and "请求无效" in body and "返回首页" in body


# --- NUL, anywhere ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/notices/%00/", "/notices/\x00/", "/search/%00"])
def test_nul_in_the_path(client, path):
    assert _refused(client.get(path))


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "q=\x00", "%00=1", "page=1&q=x+%00"])
def test_nul_in_the_query_string(client, query):
    assert _refused(client.get(reverse("portal:search"), QUERY_STRING=query))


def test_nul_in_a_url_encoded_form(client):
    response = client.post(reverse("accounts:login"), "identifier=a%00b&password=x",
                           content_type="application/x-www-form-urlencoded")
    assert _refused(response)


def test_nul_in_a_multipart_form(client):
    assert _refused(client.post(reverse("accounts:login"), {"identifier": "a\x00b"}))
    upload = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    assert _refused(client.post(reverse("accounts:ticket_new"), {"id_photo": upload, "reason": "丢失\x00"}))


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_REFERER", "HTTP_COOKIE"])
def test_nul_in_a_header(client, header):
    assert _refused(client.get(reverse("portal:home"), **{header: "a\x00b"}))


def test_nul_in_a_json_body_is_refused_with_the_apis_own_error(client):
    url = reverse("api:verify_post")
    for body in ('{"number": "\\u0000", "name": "x"}', '{"number": "x", "name": {"\\u0000": 1}}', '{"a": "\x00"}'):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400 and response.json() == {"detail": "请求中含有非法字符（空字符），已拒绝处理"}
    # An escaped backslash before "u0000" is text, not NUL: the API answers as usual (here: no token).
    response = client.post(url, json.dumps({"number": "\\u0000", "name": "x"}), content_type="application/json")
    assert response.status_code == 401


def test_nul_under_the_api_prefix_gets_json(client):
    response = client.get(reverse("api:verify"), {"number": "\x00", "name": "x"})
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")


# --- broken UTF-8 -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["q=%FF", "q=%C0%AF", "q=\xff", "q=%ED%A0%80"])
def test_broken_utf8_in_the_query_string(client, query):
    assert _refused(client.get(reverse("portal:search"), QUERY_STRING=query), ENCODING_PAGE)


def test_broken_utf8_in_a_url_encoded_form(client):
    response = client.post(reverse("accounts:login"), b"identifier=%FF&password=\xfe",
                           content_type="application/x-www-form-urlencoded")
    assert _refused(response, ENCODING_PAGE)


def test_a_lone_surrogate_in_json(client):
    response = client.post(reverse("api:verify_post"), '{"number": "\\ud800", "name": "x"}',
                           content_type="application/json")
    assert response.status_code == 400 and "UTF-8" in response.json()["detail"]


def test_a_malformed_multipart_body(client):
    response = client.post(reverse("accounts:login"), b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400


def test_plain_chinese_and_percent_encoded_utf8_pass(client):
    response = client.get(reverse("portal:search"), QUERY_STRING="q=%E9%80%9A%E7%9F%A5")
    assert response.status_code == 200
    assert client.get(reverse("portal:search"), {"q": "通知 ½ 😀"}).status_code == 200


# --- ids in paths and parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808", "9223372036854775807",
                                "1000000000000000000", "999999999999999999", "0"])
def test_an_id_beyond_a_bigint_is_a_404(client, world, pk):
    client.force_login(world.platform_admin)
    assert client.get(f"/notices/{pk}/").status_code == 404
    assert client.get(f"/audit/{pk}/").status_code == 404


def test_ids_reverse_only_within_range():
    assert reverse("portal:notice_detail", args=[999999999999999999]) == "/notices/999999999999999999/"
    for bad in (10**18, -1, "abc"):
        with pytest.raises(NoReverseMatch):
            reverse("portal:notice_detail", args=[bad])


@pytest.mark.parametrize(("value", "expected"), [
    ("42", 42), (42, 42), ("0", 0), ("999999999999999999", 999999999999999999),
    ("", None), (None, None), ("-1", None), ("²", None), ("١٢", None), ("1e3", None), (" 7", None), ("0x10", None),
    ("1000000000000000000", None), (True, None), (["1"], None),
])
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_parse_ids_keeps_the_ids():
    assert parse_ids(["3", "x", "²", "99999999999999999999", "7"]) == [3, 7]


BAD_IDS = ["abc", "²", "-1", "99999999999999999999", "1e3", ""]


@pytest.mark.parametrize("value", BAD_IDS)
def test_raw_ids_in_forms_and_query_strings_are_parsed_with_bounds(client, world, value):
    """Ids read by hand (not through a form field): a bad one is "none" or a 404, never a ValueError or an overflow."""
    client.force_login(world.unit_admin)
    assert client.post(reverse("orgs:switch"), {"membership": value}).status_code == 404
    assert client.get(reverse("orgs:users"), {"org": value}).status_code in (200, 404)
    assert client.get(reverse("orgs:unit_recommenders"), {"region": value}).status_code == 200
    assert client.get(reverse("catalog:options"), {"series": value, "specialty": value}).status_code == 200
    assert client.post(reverse("reviews:batch"), {"ids": [value, "1"], "action": "approve"}).status_code == 302
    client.force_login(world.platform_admin)
    assert client.post(reverse("certificates:key_rotate"), {"org": value, "reason": "轮换"}).status_code == 404


def test_a_content_length_that_is_not_a_number(client):
    assert client.get(reverse("portal:home"), CONTENT_LENGTH="²").status_code == 400


def test_api_path_ids_beyond_a_bigint_are_refused(client):
    response = client.get(f"/api/v1/catalog/series/{10**20}/specialties")
    assert response.status_code == 422


# --- next ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["notaurl", "portal:home", "http://evil.example/", "//evil.example/",
                                    "javascript:alert(1)", "/\\evil.example", "http://[::1", ""])
def test_login_never_follows_a_next_that_is_not_a_path_here(client, world, target):
    response = client.post(reverse("accounts:login"), {"identifier": world.person.username, "password": PASSWORD,
                                                       "captcha_0": "x", "captcha_1": "PASSED", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("portal:matrix")


def test_login_follows_a_path_here(client, world):
    response = client.post(reverse("accounts:login"), {"identifier": world.person.username, "password": PASSWORD,
                                                       "captcha_0": "x", "captcha_1": "PASSED",
                                                       "next": "/hours/?year=2025"})
    assert response["Location"] == "/hours/?year=2025"


@pytest.mark.parametrize("target", ["notaurl", "portal:matrix", "//evil.example/"])
def test_switching_region_never_follows_a_bad_next(client, world, target):
    response = client.post(reverse("portal:switch_region"), {"region": world.urumqi.code, "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
