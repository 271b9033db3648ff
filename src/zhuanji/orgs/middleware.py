SESSION_KEY = "membership_id"


def _current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = user.memberships.filter(is_active=True, org__is_active=True).select_related("org", "org__region")
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        membership = memberships.filter(pk=chosen).first()
        if membership:
            return membership
    return memberships.order_by("pk").first()


class CurrentMembershipMiddleware:
    """`request.membership`: the organisation role the user is acting in now (当前角色)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = _current_membership(request)
        return self.get_response(request)
