"""A stalled PostgreSQL connection cannot hang a request (legpain/postgresql/base.py).

A TcpProxy stands between a second connection and the test database and freezes: the
query is accepted but never answered. Runs with the PostgreSQL suite (DATABASE_URL).
"""

import time

import pytest
from django.db import OperationalError, connection
from django.db.utils import load_backend

from bench.tcp_proxy import TcpProxy
from legpain.postgresql.base import database_breaker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


@pytest.fixture
def proxied(settings):
    """A connection of our backend to the test database, through a proxy."""
    settings.DATABASE_ANSWER_TIMEOUT = 0.5
    database_breaker.reset()
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432)).start()
    params = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": str(proxy.port)}
    wrapper = load_backend("legpain.postgresql").DatabaseWrapper(params, alias="proxied")
    yield proxy, wrapper
    proxy.resume()
    wrapper.close()
    proxy.stop()
    database_breaker.reset()


def select_one(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def test_a_stalled_query_fails_at_the_deadline_and_later_ones_at_once(proxied):
    proxy, wrapper = proxied
    assert select_one(wrapper) == 1
    proxy.freeze()
    started = time.monotonic()
    with pytest.raises(OperationalError, match="did not answer within 0.5 s"):
        select_one(wrapper)
    assert 0.5 <= time.monotonic() - started < 1.5
    assert database_breaker.is_open
    wrapper.close()
    started = time.monotonic()
    with pytest.raises(OperationalError, match="not trying again"):
        select_one(wrapper)
    assert time.monotonic() - started < 0.1


def test_the_database_is_used_again_once_it_answers(proxied):
    proxy, wrapper = proxied
    proxy.freeze()
    with pytest.raises(OperationalError):
        select_one(wrapper)
    wrapper.close()
    proxy.resume()
    database_breaker.clock = lambda: time.monotonic() + database_breaker.cooldown + 1
    assert select_one(wrapper) == 1
    assert not database_breaker.is_tripped
    database_breaker.clock = time.monotonic


def test_statement_timeout_is_set_on_every_connection(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        shown = cursor.fetchone()[0]
    assert shown == f"{int(settings.DATABASE_STATEMENT_TIMEOUT)}s"
