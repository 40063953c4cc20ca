"""PostgreSQL that cannot hang the site.

``statement_timeout`` (set on every connection from ``DATABASE_STATEMENT_TIMEOUT``) only
helps when the server hears the query. When the connection stalls (a frozen network path,
a hung proxy, a server that stopped answering), the client waits for an answer that never
comes, and every worker ends up stuck. So on top of Django's backend:

- every wait for the server (query, commit, rollback, health check) has a deadline,
  ``DATABASE_ANSWER_TIMEOUT`` (the statement timeout plus half a second). When it
  passes, the connection is dropped and the query fails with OperationalError;
- opening a connection is bounded by ``connect_timeout`` (``DATABASE_CONNECT_TIMEOUT``);
- a circuit breaker: after a stall or a failed connect, new connections are refused at
  once for a couple of seconds, so requests get the "we can't show this page" answer
  straight away instead of each waiting for the timeout; then one request tries again.

Use it by setting ENGINE to ``legpain.postgresql`` (settings.py does, for PostgreSQL URLs).
"""

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

from ..circuit_breaker import CircuitBreaker

database_breaker = CircuitBreaker("database", cooldown=2.0)


class DeadlineConnection(psycopg.Connection):
    """psycopg's connection, with a limit on any one wait for the server's answer."""

    def wait(self, gen, *args, timeout=None, **kwargs):
        """Wait for the server as psycopg does, but never longer than the deadline."""
        deadline = timeout if timeout is not None else settings.DATABASE_ANSWER_TIMEOUT
        try:
            result = super().wait(gen, *args, timeout=deadline, **kwargs)
        except psycopg.errors._WaitTimeout:
            if timeout is not None:
                raise  # psycopg's own bounded wait (e.g. cancelling): its business
            # The server may still answer later, into a conversation we abandoned: the
            # connection cannot be trusted again, so close it.
            self.pgconn.finish()
            error = psycopg.OperationalError(
                f"the database did not answer within {deadline:g} s; connection closed"
            )
            database_breaker.failed(error)
            raise error from None
        database_breaker.succeeded()
        return result


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's PostgreSQL wrapper using DeadlineConnection and the circuit breaker."""

    def ensure_connection(self):
        """Open a connection if needed, unless the database is known to be down."""
        if self.connection is None and not database_breaker.allows_attempt():
            database_breaker.skipped()
            with self.wrap_database_errors:
                raise psycopg.OperationalError(
                    "the database is not answering; not trying again for a moment"
                )
        super().ensure_connection()

    def get_new_connection(self, conn_params):
        """Connect (bounded by connect_timeout), and give the connection its deadline."""
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            database_breaker.failed(error)
            raise
        # psycopg.connect() always builds a plain Connection, and Django calls it for us;
        # the subclass adds one method and no state, so switching the class is safe.
        connection.__class__ = DeadlineConnection
        database_breaker.succeeded()
        return connection
