"""gunicorn settings for `make serve` (and production). Override with environment variables.

The timeouts are chosen together (README, "Timeouts"): a request that needs the database
gives up after DATABASE_CONNECT_TIMEOUT (3 s) to connect plus DATABASE_STATEMENT_TIMEOUT
+ 0.5 s (5.5 s) to answer, so no request takes 10 s, and `timeout` (30 s) only ever
catches a worker that is truly wedged. `graceful_timeout` lets requests in flight finish
on a restart.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads, so a request waiting on a stalled database does not stop the same worker
# answering cached pages and /healthz.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 15
keepalive = 5
# Recycle workers now and then so a slow leak can never build up; the jitter (half the
# period) spreads the restarts so workers do not restart together.
max_requests = 10000
max_requests_jitter = 5000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# %({legpain_client_ip}e)s: the client's address as the app worked it out through the
# trusted proxies (legpain/client_address.py); %(h)s is only the nearest hop.
access_log_format = (
    '%({legpain_client_ip}e)s %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)
errorlog = "-"
# Behind a proxy on the same host, trust its X-Forwarded-Proto header.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
