"""The client's IP address: the one place that reads REMOTE_ADDR and X-Forwarded-For.

Behind `TRUSTED_PROXY_COUNT` proxies (load balancer, nginx …) each one appends the address it received the
request from to X-Forwarded-For, and the last one connects to us (REMOTE_ADDR). Counting from the right, the
address seen by the outermost trusted proxy is the client's; whatever stands further left was sent by the
client itself and proves nothing. With no trusted proxy (the default) X-Forwarded-For is ignored.

Every address is checked before anyone stores or counts it: a value that is not an IP address (``unknown``,
a host name, garbage) gives None — stored as NULL — and a port some load balancers add (``1.2.3.4:5678``,
``[2001:db8::1]:443``) is dropped, as is an IPv6 zone (``%eth0``).
"""

import ipaddress

from django.conf import settings


def parse_ip(value: str | None) -> str | None:
    """The address in `value` in canonical form, or None when it is not one."""
    value = (value or "").strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("["):  # [IPv6] or [IPv6]:port
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        value = host
    elif value.count(":") == 1:  # IPv4:port (a bare IPv6 address has at least two colons)
        host, _, port = value.partition(":")
        if not port.isdigit():
            return None
        value = host
    value = value.split("%", 1)[0]  # IPv6 zone id: meaningless off the host, refused by PostgreSQL's inet
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies saw it (see the module docstring), or None."""
    hops = [request.META.get("REMOTE_ADDR") or ""]
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + hops
        # Fewer hops than trusted proxies: the request did not pass through all of them; the leftmost is
        # then the nearest we know of the client.
        return parse_ip(hops[max(0, len(hops) - 1 - trusted)])
    return parse_ip(hops[0])
