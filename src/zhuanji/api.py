"""The JSON API under /api/v1/ (django-ninja); each app adds its router in `<app>/api.py`.

`PlatformAPI` audits every call made with a client's token and applies idempotency keys to their POSTs; an
endpoint says who may call it with `auth=client_auth(SCOPE, ...)` (zhuanji/integrations/auth.py).
"""

from importlib import import_module

from django.apps import apps

from zhuanji.integrations.platform_api import PlatformAPI

api = PlatformAPI(
    title="专技平台 API",
    version="1",
    description="供学习平台、证书核验与统计对接使用的接口。",
    urls_namespace="api",
)

for _config in apps.get_app_configs():
    if _config.name.startswith("zhuanji."):
        try:
            _module = import_module(f"{_config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{_config.name}.api":
                raise
            continue
        api.add_router(_module.PREFIX, _module.router)
