from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection

from tests.certificates.conftest import issue  # noqa: F401 - the certificate-issuing fixture, used here too
from zhuanji.audit import immutability
from zhuanji.audit.services import record


@pytest.fixture
def record_at():
    """`record_at(when, **record_kwargs)`: an entry written as if at `when` (the chain's time is record()'s)."""

    def _record_at(when, **kwargs):
        with mock.patch("zhuanji.audit.services.timezone.now", return_value=when):
            return record(**kwargs)

    return _record_at


@contextmanager
def triggers_dropped():
    """Tamper as someone with the database owner's rights would: without the append-only triggers (the test's
    transaction rolls the drop back)."""
    immutability.uninstall(connection)
    try:
        yield
    finally:
        immutability.install(connection)
