"""Pages after login: the 业务矩阵 and 我的主页."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .menus import home_panels_for, tiles_for, url_or_none


@login_required
def matrix(request):
    return render(request, "portal/matrix.html", {"tile_groups": tiles_for(request.acting.perms)})


def _todo_count(acting) -> int | None:
    """The 待办 of the organisation acted as (当前角色), for whoever reviews something (as 我的待办's gate)."""
    from zhuanji.reviews.access import review_perms
    from zhuanji.reviews.selectors import case_queue

    if not acting.perms & review_perms():
        return None
    return case_queue(user=acting).count()


@login_required
def my_home(request):
    perms = request.acting.perms
    shortcuts = [tile for tiles in tiles_for(perms).values() for tile in tiles][:8]
    return render(request, "portal/my_home.html", {
        "shortcuts": shortcuts,
        "todo_count": _todo_count(request.acting),
        "todo_url": url_or_none("reviews:inbox"),
        "home_panels": home_panels_for(request),
    })
