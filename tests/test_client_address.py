"""Per-client limits behind a load balancer: X-Forwarded-For counts only through the hops
TRUSTED_PROXIES names, for search limits, the admin login lockout and the access log."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from legpain.client_address import client_ip, parse_trusted_proxies

BALANCER = "10.0.0.5"


def address(trusted, forwarded, peer=BALANCER, settings=None):
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    "trusted, forwarded, peer, expected",
    [
        # No setting: the peer, whatever the header says.
        (None, "203.0.113.7", BALANCER, BALANCER),
        # One balancer: the address it appended, not what the client wrote before it.
        (1, "203.0.113.7", BALANCER, "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", BALANCER, "203.0.113.7"),
        # A CDN and a balancer.
        (2, "1.2.3.4, 203.0.113.7, 198.51.100.9", BALANCER, "203.0.113.7"),
        # Networks: trusted hops are stepped over, however many.
        (["10.0.0.0/8"], "1.2.3.4, 203.0.113.7", BALANCER, "203.0.113.7"),
        (["10.0.0.0/8"], "1.2.3.4, 203.0.113.7, 10.0.0.9", BALANCER, "203.0.113.7"),
        (["10.0.0.0/8"], "2001:db8::7", BALANCER, "2001:db8::7"),
        # A header from a peer we do not trust is ignored.
        (["10.0.0.0/8"], "1.2.3.4", "198.51.100.1", "198.51.100.1"),
        # Nonsense in the header: the peer.
        (1, "not-an-address", BALANCER, BALANCER),
        (1, None, BALANCER, BALANCER),
    ],
)
def test_client_address(settings, trusted, forwarded, peer, expected):
    assert address(trusted, forwarded, peer, settings=settings) == expected


def test_the_address_is_kept_for_the_access_log(settings):
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="203.0.113.7")
    client_ip(request)
    assert request.environ["LEGPAIN_CLIENT_IP"] == "203.0.113.7"  # gunicorn logs this


@pytest.mark.parametrize(
    "value, expected",
    [("", None), ("1", 1), ("10.0.0.0/8, 192.0.2.7", ["10.0.0.0/8", "192.0.2.7"])],
)
def test_trusted_proxies_setting(value, expected):
    assert parse_trusted_proxies(value) == expected


@pytest.mark.parametrize("value", ["10.0.0.0/33", "balancer", "10.0.0.0/8,,x"])
def test_a_bad_trusted_proxies_setting_is_refused_at_start(value, monkeypatch):
    with pytest.raises(ValueError, match="not an IP address or network"):
        parse_trusted_proxies(value)
    import importlib

    import legpain.settings

    monkeypatch.setenv("TRUSTED_PROXIES", value)
    monkeypatch.setenv("DEBUG", "1")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        importlib.reload(legpain.settings)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(legpain.settings)


# Search limits


def search_as(client, forwarded, peer=BALANCER):
    return client.get("/search/?q=leg", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def one_rate_window(monkeypatch):
    """django-ratelimit counts per fixed window; pin its clock so four requests never
    straddle a window's end (which would reset the count and pass the fourth)."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1e9))


@pytest.mark.django_db
def test_distinct_clients_behind_the_balancer_get_distinct_search_limits(
    client, settings, one_rate_window
):
    settings.TRUSTED_PROXIES = 1
    settings.SEARCH_RATE = "3/m"
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the limited view
    assert [search_as(client, f"203.0.113.{n}").status_code for n in range(10)] == [200] * 10
    same = [search_as(client, "198.51.100.1").status_code for _ in range(4)]
    assert same == [200, 200, 200, 429]


@pytest.mark.django_db
def test_a_spoofed_header_from_an_untrusted_hop_does_not_escape_the_limit(
    client, settings, one_rate_window
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SEARCH_RATE = "3/m"
    settings.PAGE_CACHE_SECONDS = 0
    attacker = "198.51.100.66"  # talks to the app directly, makes up a new address each time
    codes = [search_as(client, f"203.0.113.{n}", peer=attacker).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


# Admin login lockout


def log_in(forwarded, password, peer=BALANCER):
    return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded).post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": password}
    )


@pytest.mark.django_db
def test_bad_passwords_from_one_client_do_not_lock_the_editor_out_elsewhere(
    settings, django_user_model
):
    settings.TRUSTED_PROXIES = 1
    django_user_model.objects.create_user("editor", password="right-password-1", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("203.0.113.66", "wrong")
    assert log_in("203.0.113.66", "right-password-1").status_code == 429  # the attacker
    editor = log_in("198.51.100.7", "right-password-1")
    assert editor.status_code == 302 and editor["Location"] == "/admin/"


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_lockout(
    settings, django_user_model
):
    settings.TRUSTED_PROXIES = None
    django_user_model.objects.create_user("editor", password="right-password-1", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"203.0.113.{n}", "wrong", peer="198.51.100.66")
    assert log_in("192.0.2.1", "right-password-1", peer="198.51.100.66").status_code == 429
