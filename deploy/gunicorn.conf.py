"""gunicorn settings of one app server (docs/deployment.md). Start it from the project folder with

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

Every app server is the same: run as many as the load needs, on as many machines, behind nginx. The settings
that differ between machines come from the environment (besides the application's own, config/settings.py):

    GUNICORN_BIND     address to listen on (default 127.0.0.1:8001); `--bind` on the command line wins
    WEB_CONCURRENCY   worker processes (default 2 × cores + 1)
    GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted (default 60)
    TRUSTED_PROXIES   the proxies whose X-Forwarded-* headers are believed (the application's variable, reused
                      here for gunicorn's own forwarded_allow_ips)

gunicorn's own log lines (start, worker restarts, timeouts) are JSON like the application's when LOG_FORMAT=json
(config/logs.py); it writes no access log: the application logs one line per request itself, with the user and
the request id, and nginx keeps the access log."""

import multiprocessing
import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")]
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"  # nginx buffers slow clients; every request is short (exports run in the db_worker)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the upstream open (keepalive in deploy/nginx/honors.conf)
# A worker is replaced after this many requests (spread so they are not all replaced at once): a slow leak in a
# library never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# The only proxy whose X-Forwarded-Proto gunicorn believes (Django reads it through SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "") or "127.0.0.1,::1"
# gunicorn 27's control socket has one default path per user; several app servers on one machine would share it.
control_socket_disable = True
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The same default as config/settings.py: JSON unless DEBUG or TESTING is on.
_on = {"1", "true", "yes", "on"}
_plain = any(os.environ.get(name, "").strip().lower() in _on for name in ("DEBUG", "TESTING"))
_json = os.environ.get("LOG_FORMAT", "text" if _plain else "json").strip().lower() == "json"
if _json:
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
        },
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        },
    }
