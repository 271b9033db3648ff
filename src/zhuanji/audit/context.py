"""The request facts an audit entry needs (IP, acting organisation) without services reading `request`."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_org_id: ContextVar[int | None] = ContextVar("current_org_id", default=None)
