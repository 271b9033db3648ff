"""A test-only API beside the platform's (at /api/v1/test/): POSTs with a side effect, to test idempotency keys.

It is a `PlatformAPI` like the real one, so it gets the same auditing and idempotency; its scope is its own.
"""

import threading

from django.db import transaction
from django.urls import path
from ninja import Router, Schema

from zhuanji.common.numbering import next_number
from zhuanji.integrations.auth import client_auth
from zhuanji.integrations.platform_api import PlatformAPI
from zhuanji.integrations.scopes import Scope
from zhuanji.urls import urlpatterns as platform_urlpatterns

WRITE = Scope("tests.write", "测试写入")
router = Router(auth=client_auth(WRITE, session=True))

# The race test holds the first request inside its operation until the second has been sent.
ENTERED, GATE = threading.Event(), threading.Event()


class NumberIn(Schema):
    prefix: str


@router.post("/numbers")
def take_number(request, data: NumberIn):
    """The side effect: a counter row advanced by one, which a repeated key must not do again."""
    with transaction.atomic():
        return {"number": next_number(data.prefix)}


@router.post("/numbers/slow")
def take_number_slowly(request, data: NumberIn):
    ENTERED.set()
    GATE.wait(timeout=10)
    with transaction.atomic():
        return {"number": next_number(data.prefix)}


@router.post("/numbers/broken")
def take_number_and_fail(request, data: NumberIn):
    with transaction.atomic():
        next_number(data.prefix)
    raise RuntimeError("the operation failed after its side effect")


test_api = PlatformAPI(title="测试接口", version="test", urls_namespace="integrations_test_api")
test_api.add_router("/", router)

urlpatterns = [path("api/v1/test/", test_api.urls), *platform_urlpatterns]
