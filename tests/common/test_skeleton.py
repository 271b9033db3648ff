from zhuanji.common.durations import format_duration
from zhuanji.common.fakeids import make_credit_code, make_id_number


def test_duration_format_matches_flow_log():
    from datetime import timedelta

    assert format_duration(timedelta(days=9, hours=18, minutes=44, seconds=14)) == "9天18小时44分14秒"
    assert format_duration(timedelta(seconds=5)) == "5秒"


def test_fake_identifiers_are_valid():
    from stdnum.cn import ric, uscc

    assert all(ric.is_valid(make_id_number(i)) for i in range(200))
    assert all(uscc.is_valid(make_credit_code(i)) for i in range(200))
