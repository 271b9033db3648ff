"""Malformed input is refused at the edge, before any view parses it (issue 10 §3).

A NUL byte — raw or percent-encoded — in the path, the query string, a form field (Django already cleans uploaded
files' names), a JSON body or a header value, and text that is not UTF-8 in the query string, a url-encoded form
or a JSON body (a lone surrogate `\\ud800`), get a 400: a page in Chinese, or `{"detail": …}` under the JSON API.
Django would otherwise pass NUL on (PostgreSQL refuses it in text: a 500), silently turn broken UTF-8 into U+FFFD,
and a lone surrogate would fail only when the database encodes it. (Multipart fields are decoded by Django, broken
UTF-8 becoming U+FFFD; only their NUL is refused.)
"""

import json
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

NUL_MESSAGE = "请求中含有非法字符（空字符），已拒绝处理"
ENCODING_MESSAGE = "请求参数不是有效的UTF-8编码，已拒绝处理"
FORM_MESSAGE = "请求体格式不正确，已拒绝处理"


def _wsgi_bytes(value: str) -> bytes:
    """The bytes a WSGI server decoded as ISO-8859-1 (PEP 3333); an ASGI server's text was UTF-8."""
    try:
        return value.encode("iso-8859-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def urlencoded_problem(raw: bytes) -> str | None:
    """The message for a query string or url-encoded body with a NUL or non-UTF-8 bytes, else None."""
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in data:
        return NUL_MESSAGE
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return ENCODING_MESSAGE
    return None


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def json_problem(body: bytes) -> str | None:
    if b"\x00" in body:
        return NUL_MESSAGE
    if b"\\u" not in body:  # no escape, so no escaped NUL or lone surrogate
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # not JSON at all: the API says so itself
    for text in _json_strings(parsed):
        if "\x00" in text:
            return NUL_MESSAGE
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return ENCODING_MESSAGE
    return None


def _body_problem(request) -> str | None:
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return urlencoded_problem(request.body)
    if content_type == "multipart/form-data":
        if request.method != "POST":
            return None
        # Django decodes multipart fields itself (broken UTF-8 becomes U+FFFD); only NUL is refused here.
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return NUL_MESSAGE
        return None
    if content_type == "application/json" or content_type.endswith("+json"):
        return json_problem(request.body)
    return None


def input_problem(request) -> str | None:
    """Why the request is refused before any view sees it, or None."""
    if "\x00" in request.path_info or "\x00" in request.path:
        return NUL_MESSAGE
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) and isinstance(value, str) \
                and "\x00" in value:
            return NUL_MESSAGE
    problem = urlencoded_problem(_wsgi_bytes(request.META.get("QUERY_STRING", "")))
    if problem:
        return problem
    try:
        return _body_problem(request)
    except MultiPartParserError:
        return FORM_MESSAGE


def _api_prefix() -> str | None:
    try:
        return reverse("api:api-root")
    except NoReverseMatch:
        return None


def bad_request(request, message: str):
    """The JSON API's error body under its prefix (as documented in its schema), else the 400 page — rendered
    without the request, as Django's own handler400 renders 400.html: there is no session or user yet."""
    prefix = _api_prefix()
    if prefix and request.path_info.startswith(prefix):
        return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


class MalformedInputMiddleware:
    """First after SecurityMiddleware: nothing behind it (sessions, CSRF, views, the audit log) sees such input."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = input_problem(request)
        if problem:
            return bad_request(request, problem)
        return self.get_response(request)
