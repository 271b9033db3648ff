"""`PlatformAPI`: the NinjaAPI of /api/v1/, which audits every token call and applies idempotency keys.

Around every operation (ninja "view" decorator): a POST presenting a bearer token runs in one transaction, so
the idempotency row and what the operation did commit together, or not at all; afterwards, a call whose token
named a client is audited (`integrations.api_call`, org = the client's) and the client's `last_used_at` noted.
After authentication and validation (ninja "operation" decorator): a POST made with a token needs an
`Idempotency-Key`, and a repeat gets the stored response instead of running the operation again.
"""

from functools import wraps

from django.db import transaction
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from zhuanji.audit.services import SYSTEM, record

from . import idempotency
from .auth import PUBLIC, ClientToken
from .models import ApiClient, IdempotentRequest
from .tokens import touch


def _bearer(request) -> bool:
    scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer"


def _audited(run):
    """Wraps `Operation.run`: the transaction of a token POST, the stored response, the audit row."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        status = 500
        try:
            if request.method == "POST" and _bearer(request):
                with transaction.atomic():
                    response = run(request, *args, **kwargs)
                    row = getattr(request, "idempotency_row", None)
                    if row is not None and not idempotency.keep(row, response):
                        transaction.set_rollback(True)
            else:
                response = run(request, *args, **kwargs)
            status = response.status_code
            return response
        finally:
            client = getattr(request, "api_client", None)
            if client is not None:
                touch(client)
                after = {"client": client.name, "method": request.method, "path": request.path, "status": status}
                if getattr(request, "idempotency_replayed", False):
                    after["replayed"] = True
                record(actor=SYSTEM, action="integrations.api_call", obj=client, org=client.org, after=after)

    return wrapper


def _idempotent(view_func):
    """Wraps the endpoint's function: a token POST needs its key; a repeated key gets the first response."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        client = getattr(request, "auth", None)
        if request.method != "POST" or not isinstance(client, ApiClient):
            return view_func(request, *args, **kwargs)
        key = idempotency.request_key(request)
        claimed = idempotency.claim(client, key, idempotency.fingerprint(request))
        if not isinstance(claimed, IdempotentRequest):
            request.idempotency_replayed = True
            return claimed
        request.idempotency_row = claimed
        return view_func(request, *args, **kwargs)

    return wrapper


def _unauthorized(api: NinjaAPI):
    def handler(request, exc: AuthenticationError):
        message = str(exc)
        if message == "Unauthorized":  # ninja's own, when no auth callback accepted the request
            message = "未认证：请在 Authorization 请求头中提供访问令牌（Bearer），或先登录"
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    return handler


ERROR_SCHEMA = {"title": "ApiError", "type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string", "title": "Detail"}}}
# ninja's own 422 lists the fields refused; an idempotency conflict says why in one sentence.
VALIDATION_ERROR_SCHEMA = {"title": "ApiValidationError", "type": "object", "required": ["detail"], "properties": {
    "detail": {"title": "Detail", "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]}}}


def _error(description: str, name: str = "ApiError") -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _document_errors(schema: dict, operations: dict) -> None:
    """Every status an operation may answer, so that a client (and schemathesis) can rely on the schema: 400 for a
    NUL or broken UTF-8 anywhere in the request, 422 when the parameters or body do not validate, 404 for an object
    a path names that does not exist, 401 / 403 for a token that is unknown or lacks the scope, and for a token POST
    400 also without an Idempotency-Key, 409 while its key is in use."""
    for path, path_item in schema["paths"].items():
        for method, entry in path_item.items():
            operation = operations.get(entry.get("operationId"))
            token = operation is not None and any(isinstance(a, ClientToken) for a in operation.auth_callbacks)
            responses = entry.setdefault("responses", {})
            responses.setdefault("400", _error(
                "请求含空字符或非UTF-8编码" + (f"；使用访问令牌的 POST 请求缺少 {idempotency.HEADER} 请求头或其过长"
                                               if token and method == "post" else "")))
            if entry.get("parameters") or entry.get("requestBody"):
                responses.setdefault("422", _error("参数或请求体不符合接口定义", "ApiValidationError"))
            if "{" in path:
                responses.setdefault("404", _error("路径所指的对象不存在"))
            if token:
                responses.setdefault("401", _error("未认证：访问令牌缺失、无效或已吊销"))
                responses.setdefault("403", _error("访问令牌没有此接口所需的权限范围"))
                if method == "post":
                    responses.setdefault("409", _error(f"使用该 {idempotency.HEADER} 的请求正在处理中"))
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ApiError", ERROR_SCHEMA)
    components.setdefault("ApiValidationError", VALIDATION_ERROR_SCHEMA)


class PlatformAPI(NinjaAPI):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_decorator(_audited, mode="view")
        self.add_decorator(_idempotent, mode="operation")
        self.add_exception_handler(AuthenticationError, _unauthorized(self))

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's schema, with what it leaves out: the scope a token needs (OpenAPI 3.1 lets a bearer requirement
        list it), that a public endpoint also takes no credentials, the Idempotency-Key of token POSTs, and the error
        responses ninja and these wrappers give (see `_document_errors`)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        operations = {
            operation.operation_id or self.get_openapi_operation_id(operation): operation
            for router in self._get_bound_routers()
            for path_view in router.path_operations.values()
            for operation in path_view.operations
        }
        for path_item in schema["paths"].values():
            for method, entry in path_item.items():
                operation = operations.get(entry.get("operationId"))
                if operation is None or not any(isinstance(a, ClientToken) for a in operation.auth_callbacks):
                    continue
                security = []
                for callback in operation.auth_callbacks:
                    if isinstance(callback, ClientToken):
                        security.append({type(callback).__name__: [callback.scope.code]})
                    elif callback is PUBLIC:
                        security.append({})
                    elif hasattr(callback, "openapi_security_schema"):
                        security.append({type(callback).__name__: []})
                entry["security"] = security
                if method == "post":
                    entry.setdefault("parameters", []).append({
                        "name": idempotency.HEADER, "in": "header", "required": False,
                        "description": "使用访问令牌调用时必填：每个业务请求一个唯一值，重试时沿用；"
                                       "24小时内重复的键返回首次的响应，内容不同则返回422。",
                        "schema": {"type": "string", "maxLength": idempotency.MAX_KEY_LENGTH},
                    })
        _document_errors(schema, operations)
        return schema
