from zhuanji.common.periodic import periodic

from .services import windows_close_due


@periodic("filings.close_windows")
def close_windows() -> int:
    """Windows whose 申报截止 has passed close (the committee sees them 已截止; 职称申报 no longer offers them)."""
    return windows_close_due()
