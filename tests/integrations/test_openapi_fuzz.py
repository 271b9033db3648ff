"""schemathesis over /api/v1/openapi.json (issue 10 §3): every operation of the JSON API, fed data the schema allows
and data it does not, through Django's own WSGI handler (no network). No response is a 5xx, and every response is
what the schema says: a documented status, content type, headers and body.

Each operation gets a bounded, derandomised set of examples (hypothesis with a fixed seed and no example database),
without credentials and with a token holding every scope.
"""

import itertools
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import Response
from schemathesis import GenerationMode

from tests.catalog.conftest import catalog  # noqa: F401 - fixture
from tests.certificates.conftest import issue  # noqa: F401 - fixture
from zhuanji.api import api
from zhuanji.integrations.scopes import declared_scopes

EXAMPLES = 40
SCHEMA_URL = "/api/v1/openapi.json"
KEYS = itertools.count()


def served_schema() -> dict:
    """What SCHEMA_URL serves (ninja's openapi_json view), built without a request: the module is read before any
    test may use the database."""
    return json.loads(Response(api.get_openapi_schema()).content)


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = get_wsgi_application()  # examples go to Django's WSGI handler in this process, never over a network
# No NUL in generated text: the platform refuses it anywhere in a request (400, common/middleware.py; tested there
# and by tests/test_fuzz.py), also in the properties a body may add beyond the schema's, which a schema cannot say.
schema.config.generation.update(allow_x00=False)


def test_the_schema_tested_is_the_one_served(client):
    assert client.get(SCHEMA_URL).json() == served_schema()


@pytest.fixture
def data(world, catalog, issue):  # noqa: F811 - fixtures imported above
    """Something for each operation to find: the catalog, a certificate to verify."""
    issue()
    # A server closes the database connection as each request starts and ends; inside the test's transaction it must
    # stay open (Django's test client disconnects these handlers in the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_client):
    _, token = make_client(scopes=list(declared_scopes()), name="全部权限")
    return token


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, data):
    case.call_and_validate()


@schema.parametrize()
@settings(max_examples=EXAMPLES // 2, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says_with_a_token(case, data, token):
    # A token POST needs an Idempotency-Key, one per request (the schema says so in words: it cannot make a header
    # required only with a token); a key the example itself made invalid is left for the API to refuse.
    headers = {"Authorization": f"Bearer {token}"}
    if case.meta is None or case.meta.generation.mode != GenerationMode.NEGATIVE or "Idempotency-Key" not in (
            case.headers or {}):
        headers["Idempotency-Key"] = f"fuzz-{next(KEYS)}"
    case.call_and_validate(headers=headers)
