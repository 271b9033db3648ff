"""Access matrix of 消息中心: every signed-in user has their own; another user's message is a 404."""

import pytest

from tests.access import access_matrix_test, assert_every_url_has_a_row, get, post, row
from zhuanji.notifications import urls
from zhuanji.notifications.services import notify

MATRIX = {
    "index": get(row(200)),
    # The message is the person's: opening it leads on (302); anyone else's is a 404.
    "open": post(row(404, person=302), args=lambda o: [o["message"]]),
    "read_all": post(row(302)),
}


def test_every_url_has_a_row():
    assert_every_url_has_a_row(urls, MATRIX)


@pytest.fixture
def objects(world):
    notify(recipients=[world.person], title="测试消息", url="/hours/")
    return {"message": world.person.notifications.get().pk}


test_access_matrix = access_matrix_test(urls, MATRIX)
