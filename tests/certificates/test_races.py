"""Six 证书丢失补办 clicks at once for one certificate: one request, five told it exists (PostgreSQL)."""

import pytest

from tests.races import at_once, postgresql_only
from zhuanji.certificates.models import CertificateRequest
from zhuanji.certificates.services import request_create

from .conftest import pdf_upload

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def test_six_loss_requests_at_once_make_one(world, issue):
    certificate = issue()

    def file():
        return request_create(actor=world.person, kind=CertificateRequest.Kind.LOSS, certificate=certificate,
                              reason="遗失", evidence=[pdf_upload()])

    outcomes = at_once([file] * 6)
    assert CertificateRequest.objects.filter(certificate=certificate).count() == 1
    assert sorted(map(str, outcomes)).count(str(["该证书已有办理中的申请，请勿重复提交"])) == 5
