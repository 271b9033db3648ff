from django.db.models import Q

from zhuanji.orgs.access import has_perm

from .models import ApiClient

STATUS_ACTIVE, STATUS_REVOKED = "active", "revoked"


def client_queryset(actor):
    """Every client for a platform administrator; none for anyone else (their object URLs are 404)."""
    if not has_perm(actor, "platform.manage_api_clients"):
        return ApiClient.objects.none()
    return ApiClient.objects.select_related("org", "created_by")


def client_list(actor, *, keyword: str = "", status: str = ""):
    clients = client_queryset(actor)
    if keyword:
        clients = clients.filter(Q(name__icontains=keyword) | Q(org__name__icontains=keyword)
                                 | Q(token_prefix=keyword.removeprefix("zj_")))
    if status == STATUS_ACTIVE:
        clients = clients.filter(is_active=True)
    elif status == STATUS_REVOKED:
        clients = clients.filter(is_active=False)
    return clients
