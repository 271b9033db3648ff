"""消息中心: the user's messages, newest first; opening one marks it read and follows its link."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhuanji.common.pagination import paginate
from zhuanji.common.views import done

from . import selectors, services


@login_required
@require_GET
def index(request):
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.notification_list(user=request.user, unread_only=unread_only))
    return render(request, "notifications/index.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def open_one(request, pk: int):
    found = selectors.notification_get(user=request.user, pk=pk)
    services.notification_read(user=request.user, notification=found)
    return redirect(found.url or "notifications:index")


@login_required
@require_POST
def read_all(request):
    services.notification_read_all(user=request.user)
    return done(request, reverse("notifications:index"))
