from datetime import timedelta


def format_duration(delta: timedelta | None) -> str:
    """`9天18小时44分14秒`, the way the 流程日志 shows how long a step took."""
    if delta is None:
        return ""
    seconds = max(int(delta.total_seconds()), 0)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    parts = [(days, "天"), (hours, "小时"), (minutes, "分")]
    text = "".join(f"{n}{unit}" for n, unit in parts if n)
    return f"{text}{seconds}秒"
