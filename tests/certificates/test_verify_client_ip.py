"""Issue 10 §2: rotating X-Forwarded-For no longer defeats the certificate-verification rate limit."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def verify(client, cert, **extra):
    return client.get(reverse("certificates:verify"), {"number": cert.number, "name": "张伟"}, **extra)


@pytest.fixture
def issue_one(issue):
    return issue()


def test_rotating_x_forwarded_for_does_not_escape_the_verification_rate_limit(client, settings, issue_one):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 3
    codes = [verify(client, issue_one, HTTP_X_FORWARDED_FOR=f"10.9.0.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_proxy_each_client_has_its_own_allowance(client, settings, issue_one):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 2
    settings.TRUSTED_PROXY_COUNT = 1
    first = [verify(client, issue_one, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1").status_code for _ in range(3)]
    other = verify(client, issue_one, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.2").status_code
    assert first == [200, 200, 429] and other == 200
