"""The request facts an audit entry needs (IP, user, acting organisation) without services reading `request`."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_org_id: ContextVar[int | None] = ContextVar("current_org_id", default=None)
# The request's user: an entry by them takes the organisation they act as; another user's, their default role's.
current_user_id: ContextVar[int | None] = ContextVar("current_user_id", default=None)
