from functools import wraps

from django.contrib.auth.decorators import login_required

from .access import has_perm, require_perm


def perm_required(*codenames):
    """The view gate: sign-in (else the login page), then one of `codenames` in the acting context (else 403).

    A codename may be given as a callable returning several (read per request: e.g. every route's node perms).
    """

    def wanted():
        for codename in codenames:
            yield from ([codename] if isinstance(codename, str) else codename())

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            names = list(wanted())
            if not any(has_perm(request.acting, name) for name in names):
                require_perm(request.acting, names[0])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
