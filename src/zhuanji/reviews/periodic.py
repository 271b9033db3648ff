from zhuanji.common.periodic import periodic

from .services import case_close_overdue


@periodic("reviews.close_overdue")
def close_overdue() -> int:
    """Cases past their node's due time get the node's timed transition (撤销, or a decision)."""
    return case_close_overdue()
