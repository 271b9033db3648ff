from functools import wraps

from django.contrib.auth.decorators import login_required

from .access import require_perm


def perm_required(codename: str):
    """The view gate: sign-in (else the login page), then `codename` in the acting context (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_perm(request.acting, codename)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
