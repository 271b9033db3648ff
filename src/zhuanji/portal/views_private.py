"""Pages after login: the 业务矩阵 and 我的主页."""

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import render

from .menus import home_panels_for, tiles_for, url_or_none


@login_required
def matrix(request):
    return render(request, "portal/matrix.html", {"tile_groups": tiles_for(request.acting.perms)})


def _todo_count(user, perms) -> int | None:
    """The reviewer's 待办 from the review engine's queue; None when the engine is not installed yet."""
    if "reviews.act" not in perms:
        return None
    try:
        from zhuanji.reviews.selectors import case_queue
    except ImportError:
        return None
    queue = case_queue(user=user)
    return queue.count() if isinstance(queue, QuerySet) else len(queue)


@login_required
def my_home(request):
    perms = request.acting.perms
    shortcuts = [tile for tiles in tiles_for(perms).values() for tile in tiles][:8]
    return render(request, "portal/my_home.html", {
        "shortcuts": shortcuts,
        "todo_count": _todo_count(request.user, perms),
        "todo_url": url_or_none("reviews:inbox"),
        "home_panels": home_panels_for(request),
    })
