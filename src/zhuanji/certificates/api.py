"""`GET /api/v1/certificates/verify?number=…&name=…`: the 证书查询 check for other systems."""

from ninja import Router, Schema
from ninja.responses import Status

from .ratelimit import verify_allowed
from .selectors import certificate_verify

PREFIX = "/certificates"
router = Router(tags=["证书核验"])


class VerifyOut(Schema):
    result: str
    label: str
    number: str = ""
    kind: str = ""
    name: str = ""
    id_number: str = ""
    issuer: str = ""
    issued_on: str = ""
    qualification: str = ""
    year: int | None = None
    void_reason: str = ""
    successor: str = ""


class ErrorOut(Schema):
    detail: str


DESCRIPTION = (
    "按证书编号与持证人姓名核验证书：valid 真实有效 / void 已废止（附新证书编号）/ tampered 数据校验未通过 / "
    "not_found 未查询到。姓名不符与编号不存在返回相同结果；身份证号已脱敏；按IP限流。"
)


@router.get("/verify", response={200: VerifyOut, 429: ErrorOut}, auth=None, summary="证书核验",
            description=DESCRIPTION)
def verify(request, number: str, name: str):
    if not verify_allowed(request):
        return Status(429, {"detail": "查询过于频繁，请稍后再试"})
    return Status(200, certificate_verify(number=number, name=name).as_dict())
