from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# What a user who must change their password may still reach: the change itself, leaving, and assets.
_ALLOWED = ("accounts:password_change", "accounts:logout", "accounts:keepalive")


class PasswordChangeRequiredMiddleware:
    """A user whose password someone else chose (初始密码, 重置, 找回) changes it before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/captcha/")):
                target = reverse("accounts:password_change")
                if request.headers.get("HX-Request"):
                    return HttpResponse(status=204, headers={"HX-Redirect": target})
                messages.warning(request, "您的密码为初始密码或由他人重置，请先修改密码")
                return redirect(target)
        return self.get_response(request)
