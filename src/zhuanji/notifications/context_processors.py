from .selectors import unread_count


def unread(request):
    """The top bar's unread count, counted only on pages that show it (a callable for the template)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
