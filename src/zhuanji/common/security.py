"""Response headers and session limits every page gets: CSP with a nonce, no caching of anything personal,
and an absolute session lifetime beside the idle timeout.

- `ContentSecurityPolicyMiddleware`: `settings.CONTENT_SECURITY_POLICY` with a fresh nonce per request
  (`request.csp_nonce`, `{{ request.csp_nonce }}` in templates). Pages carry no inline script or event-handler
  attribute: behaviour lives in static files (static/zhuanji/app.js wires `data-confirm`, … attributes); an
  inline `<script>` that cannot be avoided carries `nonce="{{ request.csp_nonce }}"`.
- `NoStoreMiddleware`: every response to a signed-in user is `Cache-Control: no-store, private` — a shared
  browser or a proxy must not keep a page or a file with someone's personal data.
- `SessionLifetimeMiddleware`: a session ends `SESSION_ABSOLUTE_SECONDS` after login however active it is
  (the 30-minute idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).
"""

import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers, patch_cache_control

LOGIN_AT_KEY = "zhuanji_login_at"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only) carry inline scripts; they are for the developer's eyes.
        if settings.DEBUG and response.status_code >= 400:
            return response
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.format(nonce=request.csp_nonce)
        return response


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if response.has_header("Cache-Control"):
                if "no-store" not in response["Cache-Control"]:
                    patch_cache_control(response, no_store=True, private=True)
            else:
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
        return response


@receiver(user_logged_in, dispatch_uid="zhuanji.common.security.login_at")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = int(time.time())


class SessionLifetimeMiddleware:
    """Logs out a session older than SESSION_ABSOLUTE_SECONDS; the request goes on as anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            now = int(time.time())
            if not isinstance(login_at, int):
                # A session from before this rule (or made without `login()`): its clock starts now.
                request.session[LOGIN_AT_KEY] = now
            elif now - login_at >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.warning(request, "登录已超过最长时限，请重新登录")
        return self.get_response(request)
