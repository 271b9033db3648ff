"""What a client may call: scopes each app declares beside its router, in its `api.py`.

    READ = Scope("catalog.read", "读取职称目录")
    SCOPES = (READ,)

    @router.get("/series", auth=client_auth(READ, public=True))

A platform administrator grants a client some of them; `tests/integrations/test_scopes.py` fails for an endpoint
that takes a token without one, for a scope used but not declared, and for one declared but used by no endpoint.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from zhuanji.common.declarations import declared


@dataclass(frozen=True)
class Scope:
    code: str  # `<app>.<verb>`, stored in ApiClient.scopes
    label: str  # what the management page shows

    def __post_init__(self):
        if not self.code or "." not in self.code or not self.label:
            raise ImproperlyConfigured(f"a scope needs a code like 'app.verb' and a label: {self!r}")


def declared_scopes() -> dict[str, Scope]:
    """Every scope the installed apps declare (`<app>.api.SCOPES`), by code, in app order."""
    scopes: dict[str, Scope] = {}
    for scope in declared("api", "SCOPES"):
        if scope.code in scopes:
            raise ImproperlyConfigured(f"scope declared twice: {scope.code}")
        scopes[scope.code] = scope
    return scopes


def scope_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.label}（{s.code}）") for s in declared_scopes().values()]
