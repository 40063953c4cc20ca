"""Django's PostgreSQL backend with a client-side deadline and a circuit breaker (base.py)."""
