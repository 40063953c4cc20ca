"""A circuit breaker: stop asking a part that is down, and ask again now and then.

Both the shared cache (Redis) and the database go through one. When a call fails, the
breaker *opens* for ``cooldown`` seconds: callers skip the part at once instead of each
waiting for its timeout. After the cooldown, one caller may try again ("half open"); if
that works the breaker closes, if not it opens for another cooldown.

State is per process (each gunicorn worker learns on its own), which is what we want: a
worker that cannot reach Redis should not wait for one that can.
"""

import logging
import threading
import time


class CircuitBreaker:
    """Tracks whether a part (``name``) is usable, and logs outages once per interval."""

    def __init__(self, name, cooldown=2.0, log_interval=60.0, clock=time.monotonic):
        self.name = name
        self.cooldown = cooldown
        self.log_interval = log_interval
        self.clock = clock
        self.logger = logging.getLogger(f"legpain.outage.{name}")
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._trial_started = None
        self._failures_since_log = 0
        self._last_log = None

    @property
    def is_open(self):
        """True while callers should not try the part (the cooldown has not passed)."""
        return self._open_until > self.clock()

    @property
    def is_tripped(self):
        """True from a failure until the next success, cooldown or not."""
        return self._open_until > 0

    def allows_attempt(self):
        """May this caller use the part now?

        Yes when it is healthy. While it is down, no until the cooldown ends; then one
        caller gets a trial and the rest keep skipping until that trial reports back, or
        for one more cooldown if it never does (it died of something else).
        """
        if not self._open_until:
            return True
        with self._lock:
            now = self.clock()
            if self._open_until > now:
                return False
            if self._trial_started is not None and now - self._trial_started < self.cooldown:
                return False
            self._trial_started = now
            return True

    def succeeded(self):
        """The part answered: close the breaker (and say so if it had been open)."""
        if not self._open_until:
            return
        with self._lock:
            was_open = bool(self._open_until)
            self._open_until = 0.0
            self._trial_started = None
            skipped, self._failures_since_log = self._failures_since_log, 0
            self._last_log = None
        if was_open:
            self.logger.warning("%s is back (%d calls failed or skipped)", self.name, skipped)

    def failed(self, error):
        """The part failed (``error`` says how): open the breaker for a cooldown."""
        now = self.clock()
        with self._lock:
            self._open_until = now + self.cooldown
            self._trial_started = None
            self._failures_since_log += 1
            due = self._last_log is None or now - self._last_log >= self.log_interval
            if due:
                self._last_log = now
                count, self._failures_since_log = self._failures_since_log, 0
        if due:
            # One line, no traceback: an outage must not flood the logs.
            self.logger.error(
                "%s unavailable (%s: %s); carrying on without it, retrying every %.0fs "
                "(%d failed calls since the last report)",
                self.name,
                type(error).__name__,
                error,
                self.cooldown,
                count,
            )

    def skipped(self):
        """A caller skipped the part because the breaker is open (counted for the log)."""
        self._failures_since_log += 1

    def reset(self):
        """Forget any outage (tests use this)."""
        with self._lock:
            self._open_until = 0.0
            self._trial_started = None
            self._failures_since_log = 0
            self._last_log = None
