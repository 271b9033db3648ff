"""Issue 10 §11 in the browser: behaviour moved out of inline handlers still works under the CSP, a dismissed
confirmation stops the action, and the API docs render from our own static files. (The `page` fixture fails
any test whose pages had something blocked by the policy.)"""

import pytest

from tests.e2e.test_login import log_in
from tests.factories import staff_of
from tests.reviews.conftest import make_memo, memo_world  # noqa: F401 - fixtures used by this module
from zhuanji.orgs.models import Membership, Role
from zhuanji.reviews.models import Case, CaseState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



def test_confirmations_checkboxes_and_page_size(page, memo_world, make_memo):  # noqa: F811
    w = memo_world
    cases = [make_memo("unit", title=f"第{n}份备忘录").case for n in (1, 2)]
    clerk = staff_of(w.unit, Role.CLERK, name="经办人", phone="13900000001")
    log_in(page, w.unit_admin)

    # A dismissed confirmation on a button: nothing is returned.
    page.goto("/reviews/")
    page.get_by_label("本页全选").check()
    assert page.locator(".case-check:checked").count() == 2
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name="批量退回所选(申请人)").click()
    page.wait_for_timeout(300)
    assert asked == ["确定退回所选申请？"]
    assert {c.state for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {CaseState.PENDING}

    # The pager's page size reloads the list from page 1.
    page.get_by_label("每页条数").select_option("20")
    page.wait_for_url("**size=20**")

    # A dismissed confirmation on a form keeps the user enabled; accepted, it disables them.
    page.goto("/orgs/users/")
    row = page.get_by_role("row").filter(has_text=clerk.username)
    page.once("dialog", lambda d: d.dismiss())
    row.get_by_role("button", name="禁用").click()
    page.wait_for_timeout(300)
    assert Membership.objects.get(user=clerk).is_active
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    row.get_by_role("button", name="禁用").click()
    page.get_by_role("row").filter(has_text=clerk.username).get_by_role("button", name="启用").wait_for()
    assert asked[-1] == "确定禁用用户“经办人”？" and not Membership.objects.get(user=clerk).is_active


def test_the_api_docs_render_from_our_own_files(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title", has_text="专技平台 API").wait_for()
    page.locator(".swagger-ui .opblock").first.wait_for()
    base = page.url.split("/api/")[0]
    assert requested and all(url.startswith(base) for url in requested), requested
