"""Back-office frame at the sizes people use: the left menu keeps its width next to wide tables."""

import pytest

from tests.e2e.test_login import fill_login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 1024])
def test_left_menu_keeps_its_width_beside_a_wide_table(page, world, width):
    page.set_viewport_size({"width": width, "height": 800})
    fill_login(page, world.unit_admin.username, PASSWORD)
    page.get_by_role("heading", name="业务矩阵").wait_for()
    for path in ("/matrix/", "/reviews/query/", "/orgs/users/"):
        page.goto(path)
        box = page.get_by_role("navigation", name="左侧菜单").bounding_box()
        assert box["width"] == 220, f"{path}: left menu is {box['width']}px wide"
