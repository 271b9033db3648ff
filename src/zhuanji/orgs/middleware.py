from .acting import Acting, acting_of, memberships_of

SESSION_KEY = "membership_id"


def _acting(request) -> Acting:
    """The role the session chose (切换角色) while it is still enabled; otherwise the one a new session starts in."""
    user = request.user
    chosen = request.session.get(SESSION_KEY) if user.is_authenticated else None
    membership = memberships_of(user).filter(pk=chosen).first() if chosen else None
    return Acting(user, membership) if membership is not None else acting_of(user)


class ActingMiddleware:
    """`request.acting`: who the user acts as now (当前角色)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acting = _acting(request)
        return self.get_response(request)
