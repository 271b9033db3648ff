"""Access matrix (STYLE #10): every audit URL × every persona; a URL without a row fails."""

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS
from zhuanji.audit.services import record


def _expect(default, anonymous=302, **overrides):
    codes = {p: default for p in PERSONAS}
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


ONLY_PLATFORM = _expect(403, platform_admin=200)

MATRIX = {
    "list": ("get", lambda entry: reverse("audit:list"), ONLY_PLATFORM),
    "detail": ("get", lambda entry: reverse("audit:detail", args=[entry.pk]), ONLY_PLATFORM),
}


def test_every_audit_url_has_a_row():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "audit"
             for p in p.url_patterns}
    assert names == set(MATRIX), f"rows missing for {names - set(MATRIX)}; stale rows {set(MATRIX) - names}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, login):
    method, build, expected = MATRIX[name]
    entry = record(actor=world.unit_admin, action="orgs.update", obj=world.unit)
    url = build(entry)
    got = {}
    for persona in PERSONAS:
        client = login(None if persona == "anonymous" else getattr(world, persona))
        got[persona] = getattr(client, method)(url).status_code
    assert got == expected


def test_missing_entry_is_404_for_the_platform(world, login):
    assert login(world.platform_admin).get(reverse("audit:detail", args=[999999])).status_code == 404
