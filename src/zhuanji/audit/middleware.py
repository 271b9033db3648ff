from .context import current_ip, current_org_id


def client_ip(request) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The audit row's organisation is the one the user acts as (orgs.middleware runs first).
        acting = getattr(request, "acting", None)
        org = acting.org if acting is not None else None
        ip_token = current_ip.set(client_ip(request))
        org_token = current_org_id.set(org.pk if org is not None else None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(ip_token)
            current_org_id.reset(org_token)
