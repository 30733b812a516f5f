"""The client's address, for lockouts and the security log."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """
    Return the client's IP address.

    Behind ``PROXY_COUNT`` reverse proxies, each of which appends the address
    it saw to X-Forwarded-For, the client is that many entries from the right;
    anything further left was written by the client and is not trusted.
    """
    if settings.PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            address = forwarded[-settings.PROXY_COUNT]
            # axes stores the address in a GenericIPAddressField; a malformed
            # header must not become a database error.
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
