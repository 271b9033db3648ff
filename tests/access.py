"""The access-matrix harness (STYLE #10, #17): each app's `tests/<app>/test_access.py` gives every URL name of
the app a row — how to request it and the status each persona gets — and builds its tests from these helpers:

    MATRIX = {"list": get(row(403, person=200)), "delete": post(row(404, person=302), args=lambda o: [o.draft.pk])}

    def test_every_url_has_a_row():
        assert_every_url_has_a_row(urls, MATRIX)

    test_access_matrix = access_matrix_test(urls, MATRIX)

Each such module also defines an `objects` fixture: what its rows' `args` and `data` take.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from tests.conftest import PERSONAS


def row(default: int, *, personas: Sequence[str] = PERSONAS, **statuses: int) -> dict[str, int]:
    """The status each persona gets: `default` for every signed-in persona not named; anonymous is sent to log in.

    `personas`: the shared ones, plus any of the app's own (each a fixture of that name)."""
    unknown = statuses.keys() - set(personas)
    if unknown:
        raise ValueError(f"not personas: {sorted(unknown)}")
    return {p: statuses.get(p, 302 if p == "anonymous" else default) for p in personas}


def _none(objects) -> None:
    return None


@dataclass(frozen=True)
class Visit:
    """One row of a matrix: the request, and the status each persona gets."""

    method: str
    expected: dict[str, int]
    args: Callable[[Any], list] = _none  # objects → the URL's arguments
    data: Callable[[Any], dict] = _none  # objects → the query string (GET) or the form (POST)

    def url(self, name: str, objects) -> str:
        return reverse(name, args=self.args(objects))


def get(expected: dict[str, int], **request) -> Visit:
    return Visit("get", expected, **request)


def post(expected: dict[str, int], **request) -> Visit:
    return Visit("post", expected, **request)


def assert_every_url_has_a_row(urls: ModuleType, matrix: dict[str, Visit]) -> None:
    names, rows = {p.name for p in urls.urlpatterns}, set(matrix)
    assert names == rows, f"rows missing for {sorted(names - rows)}; stale rows {sorted(rows - names)}"


def _user(persona: str, world, request):
    """None for anonymous; a shared persona is on `world`, an app's own is the fixture of its name."""
    if persona == "anonymous":
        return None
    return getattr(world, persona, None) or request.getfixturevalue(persona)


def access_matrix_test(urls: ModuleType, matrix: dict[str, Visit]):
    """The test requesting each URL of `urls` as each persona of its row, reporting every wrong status at once."""

    @pytest.mark.parametrize("name", sorted(matrix))
    def test_access_matrix(name, world, objects, login, request):
        visit = matrix[name]
        assert set(PERSONAS) <= set(visit.expected), "build the row with row()"
        url = visit.url(f"{urls.app_name}:{name}", objects)
        data = visit.data(objects)
        got = {}
        for persona in visit.expected:
            client = login(_user(persona, world, request))
            # Rolled back, so each persona finds the data as the fixture left it whatever the one before did, rate
            # limits included (every persona shares the client's address; the cache is a database table).
            with transaction.atomic():
                got[persona] = getattr(client, visit.method)(url, data).status_code
                transaction.set_rollback(True)
        wrong = {p: f"expected {visit.expected[p]}, got {got[p]}" for p in got if got[p] != visit.expected[p]}
        assert not wrong, f"{visit.method.upper()} {url}: {wrong}"

    return test_access_matrix
