"""The circuit breaker that Redis and PostgreSQL calls go through."""

import logging

from legpain.circuit_breaker import CircuitBreaker


def breaker_at(now):
    return CircuitBreaker("part", cooldown=2.0, log_interval=60.0, clock=lambda: now[0])


def test_a_failure_opens_it_for_the_cooldown_then_one_caller_tries():
    now = [100.0]
    breaker = breaker_at(now)
    assert breaker.allows_attempt()
    breaker.failed(ConnectionError("refused"))
    assert not breaker.allows_attempt()
    now[0] += 2.1
    assert breaker.allows_attempt()  # the trial
    assert not breaker.allows_attempt()  # everyone else waits for it
    breaker.succeeded()
    assert breaker.allows_attempt() and not breaker.is_tripped


def test_a_trial_that_never_reports_back_does_not_block_for_ever():
    now = [100.0]
    breaker = breaker_at(now)
    breaker.failed(ConnectionError("refused"))
    now[0] += 2.1
    assert breaker.allows_attempt()  # this caller then dies of something else
    now[0] += 1.0
    assert not breaker.allows_attempt()
    now[0] += 1.1
    assert breaker.allows_attempt()


def test_a_failed_trial_opens_it_again():
    now = [100.0]
    breaker = breaker_at(now)
    breaker.failed(ConnectionError("refused"))
    now[0] += 2.1
    assert breaker.allows_attempt()
    breaker.failed(ConnectionError("still refused"))
    assert not breaker.allows_attempt() and breaker.is_open


def test_outages_are_logged_once_per_interval_and_the_return_once(caplog):
    now = [100.0]
    breaker = breaker_at(now)
    with caplog.at_level(logging.WARNING, logger="legpain.outage.part"):
        for _ in range(10):
            breaker.failed(ConnectionError("refused"))
            breaker.skipped()
        now[0] += 61
        breaker.failed(ConnectionError("refused"))
        breaker.succeeded()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3
    assert "1 failed calls since the last report" in messages[0]
    assert "20 failed calls since the last report" in messages[1]
    assert messages[2] == "part is back (0 calls failed or skipped)"
