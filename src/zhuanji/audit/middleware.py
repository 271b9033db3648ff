"""The request's audit context (IP, user, acting organisation), and an audit row for every refused object.

A 403 or 404 from a view (the address matched one: an object that is not there or not the user's to see) is
recorded for a logged-in user anywhere, and for anyone under the protected prefixes (the back office, the
API). At most one row per user (or IP), status and path a minute: a loop or a scanner does not flood the log.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import DatabaseError

from zhuanji.common.net import client_ip

from .context import current_ip, current_org_id, current_user_id

logger = logging.getLogger(__name__)

REFUSED = (403, 404)
# Where an anonymous request's 403/404 is recorded too: everything but the public portal, login and recovery.
PROTECTED_PREFIXES = ("/api/", "/orgs/", "/catalog/", "/reviews/", "/certificates/", "/hours/", "/audit/",
                      "/notifications/", "/integrations/", "/attachments/", "/accounts/tickets/", "/accounts/sms/",
                      "/accounts/unit-registrations/")
# Public pages under a protected prefix (a certificate that does not exist is a visitor's typo).
PUBLIC_PREFIXES = ("/certificates/verify/", "/certificates/v/")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The audit row's organisation is the one the user acts as (orgs.middleware runs first).
        acting = getattr(request, "acting", None)
        org = acting.org if acting is not None else None
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        ip_token = current_ip.set(client_ip(request))
        org_token = current_org_id.set(org.pk if org is not None else None)
        user_token = current_user_id.set(user_id)
        try:
            response = self.get_response(request)
            if response.status_code in REFUSED and _recorded(request):
                _record_refusal(request, response.status_code)
            return response
        finally:
            current_ip.reset(ip_token)
            current_org_id.reset(org_token)
            current_user_id.reset(user_token)


def _recorded(request) -> bool:
    if getattr(request, "resolver_match", None) is None:
        return False  # no view answered: an unknown address, not a protected object
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    path = request.path
    return path.startswith(PROTECTED_PREFIXES) and not path.startswith(PUBLIC_PREFIXES)


def _first_this_minute(request, status: int) -> bool:
    user = request.user
    who = f"u{user.pk}" if user.is_authenticated else f"ip{current_ip.get()}"
    path = hashlib.sha256(request.path.encode()).hexdigest()[:24]
    return cache.add(f"audit:refused:{who}:{status}:{path}:{int(time.time() // 60)}", 1, timeout=90)


def _record_refusal(request, status: int) -> None:
    from .services import ANONYMOUS, record

    try:
        if not _first_this_minute(request, status):
            return
        user = request.user
        actor = getattr(request, "acting", None) if user.is_authenticated else ANONYMOUS
        match = request.resolver_match
        record(actor=actor or user, action="audit.access_denied" if status == 403 else "audit.not_found",
               object_type="request", object_repr=request.path,
               after={"status": status, "method": request.method, "path": request.path,
                      "view": match.view_name, "kwargs": {k: str(v) for k, v in match.kwargs.items()}})
    except DatabaseError:  # the refusal stands; a failed audit write is logged, not turned into a 500
        logger.exception("could not record a %s for %s", status, request.path)
