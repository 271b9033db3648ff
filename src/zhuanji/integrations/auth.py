"""How an endpoint says who may call it: `auth=client_auth(SCOPE, session=..., public=...)`.

A system calls with `Authorization: Bearer <token>` (`ClientToken`): a missing, unknown or revoked token gets 401,
a client without the endpoint's scope 403. `session=True` lets a signed-in browser call it too (ninja's
`django_auth`, which checks CSRF on POST); `public=True` lets anyone call it without a token, while a call that
does present one is still checked and audited. `ClientToken` cannot be built without a scope.
"""

from django.core.exceptions import ImproperlyConfigured
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, django_auth

from .scopes import Scope
from .tokens import client_for_token


class ClientToken(HttpBearer):
    """An `ApiClient`'s bearer token carrying `scope`; `request.auth` is then the client."""

    openapi_description = ("平台管理员为接口客户端签发的访问令牌（zj_ 开头，只显示一次）；"
                           "使用令牌的 POST 请求须带 Idempotency-Key 请求头。")

    def __init__(self, scope: Scope):
        if not isinstance(scope, Scope):
            raise ImproperlyConfigured(f"ClientToken needs a Scope, not {scope!r}")
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token: str):
        client = client_for_token(token)
        if client is None:
            raise AuthenticationError(401, "访问令牌无效或已吊销")
        # Known from here on, so the call is audited with the client even when it is refused below.
        request.api_client = client
        if self.scope.code not in client.scopes:
            raise AuthorizationError(403, f"该客户端没有“{self.scope.label}”（{self.scope.code}）权限范围")
        return client


class Public:
    """Anyone, with no credentials: the last of an endpoint's auth callbacks when it is open to all."""

    def __call__(self, request):
        return self

    def __repr__(self) -> str:
        return "Public()"


PUBLIC = Public()


def client_auth(scope: Scope, *, session: bool = False, public: bool = False) -> list:
    """The `auth=` of an endpoint systems call with a token holding `scope` (see the module docstring)."""
    return [ClientToken(scope), *([django_auth] if session else []), *([PUBLIC] if public else [])]
