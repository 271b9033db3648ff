"""ID numbers (居民身份证号) and unit credit codes (统一社会信用代码), checked by python-stdnum."""

import datetime

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


def clean_id_number(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError("请输入18位居民身份证号", code="id_length")
    try:
        return ric.validate(value)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError("身份证号校验位不正确，请核对", code="id_checksum") from exc
    except stdnum_errors.InvalidComponent as exc:
        raise ValidationError("身份证号中的出生日期或地区码不正确", code="id_component") from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError("身份证号格式不正确", code="id_format") from exc


def id_birth_date(value: str) -> datetime.date:
    return ric.get_birth_date(value)


def id_gender(value: str) -> str:
    return "男" if int(value[16]) % 2 else "女"


def clean_credit_code(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError("请输入18位统一社会信用代码", code="uscc_length")
    try:
        return uscc.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError("统一社会信用代码不正确，请核对", code="uscc_invalid") from exc


def is_id_number(value: str) -> bool:
    return ric.is_valid((value or "").strip().upper())


def is_credit_code(value: str) -> bool:
    return uscc.is_valid((value or "").strip().upper())


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if not (len(value) == 11 and value.isdigit() and value.startswith("1")):
        raise ValidationError("请输入以1开头的11位手机号码", code="phone_invalid")
    return value
