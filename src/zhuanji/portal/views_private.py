from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhuanji.orgs.permissions import user_permissions

from .menus import tiles_for


@login_required
def matrix(request):
    perms = user_permissions(request.user, request.membership)
    return render(request, "portal/matrix.html", {"tile_groups": tiles_for(perms)})


@login_required
def my_home(request):
    return render(request, "portal/my_home.html", {})
