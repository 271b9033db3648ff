"""No endpoint takes a token without a declared scope; no scope is declared that no endpoint needs."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI, Router
from ninja.security import APIKeyCookie, HttpBearer

from zhuanji.api import api
from zhuanji.integrations.auth import PUBLIC, ClientToken, client_auth
from zhuanji.integrations.platform_api import PlatformAPI
from zhuanji.integrations.scopes import Scope, declared_scopes


def operations(ninja_api):
    for router in ninja_api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"{','.join(operation.methods)} {router.prefix}{path}", operation


def problems(ninja_api) -> list[str]:
    """Every auth callback that lets a caller in by a credential other than a scoped client token or a session
    with CSRF checks, and every token whose scope no app declares."""
    scopes, found = declared_scopes(), []
    for name, operation in operations(ninja_api):
        for callback in operation.auth_callbacks:
            if isinstance(callback, ClientToken):
                if scopes.get(callback.scope.code) != callback.scope:
                    found.append(f"{name}: scope {callback.scope.code} is not declared in an app's api.SCOPES")
            elif isinstance(callback, APIKeyCookie):
                if not callback.csrf:
                    found.append(f"{name}: session auth without CSRF checks")
            elif callback is not PUBLIC:
                found.append(f"{name}: {callback!r} accepts a credential without declaring a scope")
    return found


def test_the_platform_api_is_a_platform_api():
    assert isinstance(api, PlatformAPI)  # auditing and idempotency keys for every router it collects


def test_every_endpoint_taking_a_token_declares_a_declared_scope():
    assert not problems(api)
    assert any(isinstance(cb, ClientToken) for _, op in operations(api) for cb in op.auth_callbacks)


def test_every_declared_scope_is_needed_by_an_endpoint():
    used = {cb.scope.code for _, op in operations(api) for cb in op.auth_callbacks if isinstance(cb, ClientToken)}
    assert set(declared_scopes()) == used
    assert set(declared_scopes()) == {"catalog.read", "certificates.verify"}


def test_the_walk_catches_a_bearer_without_a_scope_and_an_undeclared_scope():
    class Bare(HttpBearer):
        def authenticate(self, request, token):
            return token

    router = Router()

    @router.get("/bare", auth=Bare())
    def bare(request):
        return {}

    @router.post("/undeclared", auth=client_auth(Scope("nobody.declares", "无人声明")))
    def undeclared(request):
        return {}

    other = NinjaAPI(urls_namespace="scope_walk_test")
    other.add_router("/x", router)
    found = problems(other)
    assert len(found) == 2
    assert "accepts a credential without declaring a scope" in found[0]
    assert "nobody.declares is not declared" in found[1]


def test_a_client_token_cannot_be_made_without_a_scope():
    with pytest.raises(TypeError):
        ClientToken()
    with pytest.raises(ImproperlyConfigured):
        ClientToken("catalog.read")
    with pytest.raises(ImproperlyConfigured):
        Scope("read", "")
