"""`/api/v1/certificates/verify`: the 证书查询 check for other systems.

`GET ?number=…&name=…` is open to anyone (as the public page is); `POST` with the number and name in the body is
for systems with a token, which must not put a person's name in a URL (URLs end up in logs). Both need the
`certificates.verify` scope when a token is presented, and are limited per IP.
"""

from ninja import Router, Schema
from ninja.responses import Status

from zhuanji.integrations.auth import client_auth
from zhuanji.integrations.scopes import Scope

from .ratelimit import verify_allowed
from .selectors import certificate_verify
from .views_public import photo_url

VERIFY = Scope("certificates.verify", "证书核验")
SCOPES = (VERIFY,)

PREFIX = "/certificates"
router = Router(tags=["证书核验"])


class VerifyIn(Schema):
    number: str
    name: str


class CheckOut(Schema):
    item: str
    ok: bool
    detail: str = ""


class VerifyOut(Schema):
    result: str
    label: str
    number: str = ""
    kind: str = ""
    name: str = ""
    gender: str = ""
    ethnicity: str = ""
    birth_date: str = ""
    id_number: str = ""
    series: str = ""
    specialty: str = ""
    qualification_name: str = ""
    level: str = ""
    qualification: str = ""
    filled_year: int | None = None
    year: int | None = None
    hours: str = ""
    approval_document: str = ""
    issuer: str = ""
    issued_on: str = ""
    reissued: bool = False
    photo_url: str = ""
    void_reason: str = ""
    successor: str = ""
    current_successor: str = ""
    current_successor_result: str = ""
    checks: list[CheckOut] = []


class ErrorOut(Schema):
    detail: str


DESCRIPTION = (
    "按证书编号与持证人姓名核验证书：valid 真实有效 / void 已废止（附新证书编号与当前证书）/ tampered 数据校验未通过 / "
    "not_found 未查询到。返回证书上印制的全部字段（身份证号已脱敏；photo_url 为15分钟内有效的照片缩略图地址）"
    "和逐项核验结果 checks（签名密钥、ECDSA内容签名、SM2/SM3商用密码签名、照片、签名状态记录）。"
    "姓名不符与编号不存在返回相同结果；按IP限流。"
)


def _verify(request, number: str, name: str):
    if not verify_allowed(request):
        return Status(429, {"detail": "查询过于频繁，请稍后再试"})
    result = certificate_verify(number=number, name=name)
    data = result.as_dict()
    url = photo_url(result)
    if url:
        data["photo_url"] = request.build_absolute_uri(url)
    return Status(200, data)


@router.get("/verify", response={200: VerifyOut, 429: ErrorOut}, auth=client_auth(VERIFY, public=True),
            summary="证书核验", description=DESCRIPTION)
def verify(request, number: str, name: str):
    return _verify(request, number, name)


@router.post("/verify", response={200: VerifyOut, 429: ErrorOut}, auth=client_auth(VERIFY),
             summary="证书核验（POST，姓名不进入URL）",
             description=DESCRIPTION + "须使用访问令牌，并携带 Idempotency-Key 请求头。")
def verify_post(request, data: VerifyIn):
    return _verify(request, data.number, data.name)
