"""The reader's own address, as seen through the load balancer.

Behind a load balancer every request comes from the balancer, so keying search limits
and the admin login lockout on ``REMOTE_ADDR`` puts every reader in one bucket, and lets
anyone lock an editor out. The balancer passes the client's address in
``X-Forwarded-For``, but a client can write anything there too; only the hops we trust
may be believed. ``TRUSTED_PROXIES`` (settings) says which:

- unset: ``REMOTE_ADDR``, and ``X-Forwarded-For`` is ignored;
- a count ``N``: exactly ``N`` proxies stand in front of the app (the balancer is 1), so
  the client is the ``N``-th address from the right of ``X-Forwarded-For`` + the peer.
  Only safe when the app cannot be reached except through them;
- networks (``10.0.0.0/8,192.0.2.7``): an address is a proxy if it is in one of them;
  the client is the address just before the trusted hops at the end of the chain, and a
  header that arrives from an untrusted peer is ignored. Prefer this to a count.

The chain is read by python-ipware (the parser behind django-ipware). The address found
is stored in ``request.META["LEGPAIN_CLIENT_IP"]``, which is also the WSGI environ, so
gunicorn's access log shows it (``%({legpain_client_ip}e)s`` in gunicorn.conf.py).
"""

import ipaddress

from django.conf import settings
from python_ipware import IpWare

META_KEY = "LEGPAIN_CLIENT_IP"


def client_ip(request):
    """The client's IP address for rate limits, the login lockout and logs."""
    found = request.META.get(META_KEY)
    if found is None:
        found = _resolve(request.META)
        request.META[META_KEY] = found
    return found


def _resolve(meta):
    peer = meta.get("REMOTE_ADDR", "")
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").strip()
    trusted = settings.TRUSTED_PROXIES
    if trusted is None or not forwarded:
        return peer
    # The peer is the last hop of the chain: a proxy adds the address it saw to
    # X-Forwarded-For, and does not add itself.
    chain = f"{forwarded}, {peer}"
    if isinstance(trusted, int):
        reader = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=trusted)
        return _read(reader, chain) or peer
    reader = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_list=list(trusted))
    networks = [ipaddress.ip_network(entry, strict=False) for entry in trusted]
    # python-ipware steps over one trusted hop; a request that came through several of
    # our proxies has more, so step back while the address found is one of ours.
    for _ in range(chain.count(",")):
        found = _read(reader, chain)
        if found is None:
            return peer  # the peer is not a proxy of ours: its header means nothing
        if not any(ipaddress.ip_address(found) in net for net in networks):
            return found
        chain = chain.rsplit(",", 1)[0]
    return peer


def _read(reader, chain):
    found, _ = reader.get_client_ip({"HTTP_X_FORWARDED_FOR": chain}, False)
    return str(found) if found is not None else None


def parse_trusted_proxies(value):
    """Read the TRUSTED_PROXIES setting: "" → None, "2" → 2, "10.0.0.0/8, …" → list.

    Raises ValueError with a message naming the bad part.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    networks = [part.strip() for part in value.split(",") if part.strip()]
    for entry in networks:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (CIDR)") from None
    return networks


class ClientAddressMiddleware:
    """Work out the client's address once per request, before anything logs or limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        client_ip(request)
        return self.get_response(request)
