"""
Gunicorn's settings for Casetracker, read from the environment:

    gunicorn casetracker.wsgi     # gunicorn reads ./gunicorn.conf.py itself

PORT or GUNICORN_BIND
    Where to listen. GUNICORN_BIND is a full address (127.0.0.1:8000,
    unix:/run/casetracker.sock); PORT alone means 0.0.0.0:$PORT, as
    platforms that set it expect. Default 127.0.0.1:8000.
WEB_CONCURRENCY
    Worker processes; default 2 × cores + 1.
GUNICORN_TIMEOUT
    Seconds before a silent worker is killed and replaced; default 30. The
    CSV exports stream, so a long download keeps its worker alive.
GUNICORN_ACCESS_LOG
    Where the access log goes: "-" (stdout, the default), a file path, or
    "off" when the load balancer keeps one.

Command-line options win over this file (bench/run passes --workers 2).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name}={value!r}: use a whole number.") from None


if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"]
elif os.environ.get("PORT"):
    bind = f"0.0.0.0:{_int('PORT', 8000)}"
else:
    bind = "127.0.0.1:8000"

workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)

# Import the app once, in the master, before forking: workers start faster
# and share the memory of the loaded code. Django opens database
# connections lazily, in each worker, so none is shared across the fork.
preload_app = True

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Behind a load balancer that reuses connections; shorter than its idle
# timeout, so that the balancer never sends on a connection we are closing.
keepalive = 5

# Replace each worker after about this many requests, at different times, so
# that a slow leak never grows and the workers never all restart at once.
max_requests = 10_000
max_requests_jitter = 1000

_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() in ("off", "none", "") else _access_log
errorlog = "-"
# The client's address as the proxy saw it, the request, status, size, time.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Trust X-Forwarded-* only from a proxy on this machine (gunicorn's default);
# set FORWARDED_ALLOW_IPS for a load balancer elsewhere.
