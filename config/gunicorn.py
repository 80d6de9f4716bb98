"""gunicorn settings for `gunicorn -c config/gunicorn.py`, each one from the environment."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual (2 x cores) + 1 workers: requests here are short and mostly CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers, so a few slow clients cannot hold every worker: a sync worker is
# held by one client that sends its request slowly (three such clients stopped the site).
# A gthread worker waits for a new connection's first bytes in its poller, not a thread,
# and has `threads` requests in flight. Only the buffering proxy in front (docs/deploy.md)
# makes slow clients harmless in any number; this keeps the site up without it too.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Off by default: recycling a worker stalls the requests queued on it (a p99 spike under
# load). Set it (e.g. 10000) if a worker's memory is ever seen to grow.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's runtime control socket sits at one default path per user, so two servers
# on one host (several app servers, or the two-process test) would share it: off.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
# The TLS proxy in front; Django trusts X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
