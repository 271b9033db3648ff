"""A request body over the largest upload limit is refused from its Content-Length, before it is read."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_an_oversized_anonymous_upload_is_refused_unread(client):
    class Unreadable(io.BytesIO):
        def read(self, *args):  # the middleware must answer without touching the body
            raise AssertionError("the body was read")

    response = client.generic("POST", reverse("accounts:ticket_new"), data=b"", content_type="multipart/form-data",
                              CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": Unreadable()})
    assert response.status_code == 413
    assert "上传内容过大（超过25MB），已拒绝处理" in response.content.decode()


@pytest.mark.django_db
@override_settings(MAX_REQUEST_BODY=1024)
def test_a_body_within_the_limit_goes_through(client):
    assert client.post(reverse("accounts:login"), {"username": "x" * 100}).status_code == 200


@pytest.mark.django_db
def test_a_malformed_content_length_is_a_400(client):
    assert client.generic("POST", reverse("accounts:login"), data=b"", CONTENT_LENGTH="12x").status_code == 400
