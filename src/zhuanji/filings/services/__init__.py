"""Every change to a 评审工作事前备案 and its windows: checked, in a transaction, audited."""

from .filings import (
    ATTACHMENT_SLOTS,
    FILING,
    filing_attachment_add,
    filing_attachment_delete,
    filing_cancel,
    filing_create,
    filing_delete,
    filing_items_add,
    filing_items_remove,
    filing_notice_update,
    filing_plan_all,
    filing_plan_item,
    filing_submit,
    filing_update,
)
from .windows import overlap_messages, window_set_times, windows_close_due, windows_open

__all__ = [
    "ATTACHMENT_SLOTS", "FILING", "filing_attachment_add", "filing_attachment_delete", "filing_cancel",
    "filing_create", "filing_delete", "filing_items_add", "filing_items_remove", "filing_notice_update",
    "filing_plan_all", "filing_plan_item", "filing_submit", "filing_update", "overlap_messages", "window_set_times",
    "windows_close_due", "windows_open",
]
